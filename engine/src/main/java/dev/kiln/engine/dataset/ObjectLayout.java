package dev.kiln.engine.dataset;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.tree.TreeEntry;
import java.io.IOException;

/**
 * How the object layer stores data block pointers in tree entries. The dataset layer needs it only
 * where ZFS walks blocks too: destroying a head and rolling back (freeing what was born after the
 * newest snapshot). Deadlists and snapshot destroy never need it.
 */
@FunctionalInterface
public interface ObjectLayout {

  /** Receives one data block pointer. */
  @FunctionalInterface
  interface BlockSink {
    /** One data block referenced by an entry. */
    void accept(BlockPointer pointer) throws IOException;
  }

  /** Reports every data block {@code entry} references (none for most item types). */
  void dataBlocks(TreeEntry entry, BlockSink sink) throws IOException;

  /** A layout whose entries reference no data blocks (everything lives in the tree). */
  ObjectLayout TREE_ONLY = (entry, sink) -> {};
}
