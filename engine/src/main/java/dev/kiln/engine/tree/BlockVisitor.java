package dev.kiln.engine.tree;

import dev.kiln.engine.block.BlockPointer;
import java.io.IOException;

/** Receives node block pointers of a committed tree (scrub, space accounting). */
@FunctionalInterface
public interface BlockVisitor {

  /** One node block; {@code level} 0 is a leaf. */
  void visit(BlockPointer pointer, int level) throws IOException;
}
