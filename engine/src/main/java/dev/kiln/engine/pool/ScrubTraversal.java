package dev.kiln.engine.pool;

import dev.kiln.engine.block.BlockPointer;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The layer above's knowledge of its block structure: given a verified block, the pointers it
 * holds. The pool cannot parse tree nodes; the scrub walks with this.
 */
@FunctionalInterface
public interface ScrubTraversal {

  /** The child pointers held in {@code block} (verified, decompressed bytes of {@code pointer}). */
  Iterable<BlockPointer> children(BlockPointer pointer, ByteBuffer block) throws IOException;
}
