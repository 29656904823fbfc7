package dev.kiln.engine.tree;

import dev.kiln.engine.block.BlockPointer;

/**
 * Reference from an interior node (or the tree's root holder) to a child: either the committed
 * block ({@code pointer}) or, once copied for modification, the in-memory dirty node. Exactly one
 * of the two is set, except for the root of a tree that has never been synced.
 */
final class ChildSlot {

  BlockPointer pointer;
  Node dirty;

  private ChildSlot(BlockPointer pointer, Node dirty) {
    this.pointer = pointer;
    this.dirty = dirty;
  }

  static ChildSlot clean(BlockPointer pointer) {
    return new ChildSlot(pointer, null);
  }

  static ChildSlot ofDirty(Node node) {
    return new ChildSlot(null, node);
  }

  ChildSlot copy() {
    return new ChildSlot(pointer, dirty);
  }
}
