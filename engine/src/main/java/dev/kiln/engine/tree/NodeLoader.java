package dev.kiln.engine.tree;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.BlockStore;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads nodes through the block store (which verifies checksums) and checks what a parent knows
 * about its child: the level, and that no child is born after its parent (the Merkle tree's birth
 * order, which txg-based traversals rely on).
 */
final class NodeLoader {

  /** Expected level when the caller does not know it (a root). */
  static final int ANY_LEVEL = -1;

  private final BlockStore store;
  private final TreeNodeCache cache;

  NodeLoader(BlockStore store, TreeNodeCache cache) {
    this.store = store;
    this.cache = cache;
  }

  BlockStore store() {
    return store;
  }

  TreeNodeCache cache() {
    return cache;
  }

  Node load(BlockPointer pointer, int expectedLevel) throws IOException {
    Node node = cache.get(store, pointer);
    if (node == null) {
      ByteBuffer bytes = store.read(pointer);
      try {
        node = NodeCodec.decode(bytes);
      } catch (CorruptNodeException e) {
        throw new CorruptNodeException(where(pointer) + e.getMessage());
      }
      if (!node.isLeaf()) {
        for (int i = 0; i < node.size(); i++) {
          BlockPointer child = node.slot(i).pointer;
          if (child.birthTxg() > pointer.birthTxg()) {
            throw new CorruptNodeException(
                where(pointer)
                    + "child %d born in txg %d after its parent (txg %d)"
                        .formatted(i, child.birthTxg(), pointer.birthTxg()));
          }
        }
      }
      node.freeze();
      cache.put(store, pointer, node);
    }
    if (expectedLevel != ANY_LEVEL && node.level() != expectedLevel) {
      throw new CorruptNodeException(
          where(pointer) + "level " + node.level() + " where " + expectedLevel + " was expected");
    }
    return node;
  }

  /** Caches a node just written at {@code pointer}. */
  void remember(BlockPointer pointer, Node node) {
    node.freeze();
    cache.put(store, pointer, node);
  }

  private static String where(BlockPointer p) {
    return "tree node at vdev %d offset %d: ".formatted(p.vdev(), p.offset());
  }
}
