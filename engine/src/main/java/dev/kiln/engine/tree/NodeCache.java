package dev.kiln.engine.tree;

import dev.kiln.engine.block.BlockPointer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bounded LRU of parsed, frozen nodes keyed by block pointer. A pointer names an immutable block
 * (its checksum and birth txg are part of the key), so a hit is always the right content.
 */
final class NodeCache {

  private final int capacity;
  private final LinkedHashMap<BlockPointer, Node> nodes;

  NodeCache(int capacity) {
    this.capacity = capacity;
    this.nodes =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<BlockPointer, Node> eldest) {
            return size() > NodeCache.this.capacity;
          }
        };
  }

  synchronized Node get(BlockPointer pointer) {
    return nodes.get(pointer);
  }

  synchronized void put(BlockPointer pointer, Node node) {
    if (capacity > 0) {
      nodes.put(pointer, node);
    }
  }

  synchronized int size() {
    return nodes.size();
  }
}
