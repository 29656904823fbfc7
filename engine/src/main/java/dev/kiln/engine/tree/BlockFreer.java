package dev.kiln.engine.tree;

import dev.kiln.engine.block.BlockPointer;
import java.io.IOException;

/**
 * Receives every node block the head tree stops referencing, during {@link BPlusTree#sync}.
 *
 * <p>The tree does not free blocks itself: the dataset layer compares the block's {@link
 * BlockPointer#birthTxg()} with its previous snapshot's txg and either frees it at once or puts it
 * on the deadlist (a snapshot may still reference it).
 */
@FunctionalInterface
public interface BlockFreer {

  /** The head no longer references {@code pointer} as of transaction group {@code txg}. */
  void release(BlockPointer pointer, long txg) throws IOException;
}
