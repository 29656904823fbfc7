package dev.kiln.engine.tree;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.BlockStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bounded LRU of parsed, immutable tree nodes. Each tree gets a private one sized by {@link
 * TreeOptions#cachedNodes()}, or the pool passes one shared instance to every tree it opens, so the
 * memory bound holds however many datasets and snapshots are open. Thread-safe.
 *
 * <p>Entries are keyed by block store (identity) and block pointer. A pointer names an immutable
 * block (its checksum and birth txg are part of the key), so a hit is always the right content.
 */
public final class TreeNodeCache {

  private record Key(BlockStore store, BlockPointer pointer) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.store == store && k.pointer.equals(pointer);
    }

    @Override
    public int hashCode() {
      return 31 * System.identityHashCode(store) + pointer.hashCode();
    }
  }

  private final int capacity;
  private final LinkedHashMap<Key, Node> nodes;

  /** A cache holding at most {@code maxNodes} nodes (0 disables caching). */
  public TreeNodeCache(int maxNodes) {
    if (maxNodes < 0) {
      throw new IllegalArgumentException("maxNodes must be >= 0: " + maxNodes);
    }
    this.capacity = maxNodes;
    this.nodes =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Node> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The most nodes kept. */
  public int capacity() {
    return capacity;
  }

  /** Nodes kept now. */
  public synchronized int size() {
    return nodes.size();
  }

  synchronized Node get(BlockStore store, BlockPointer pointer) {
    return nodes.get(new Key(store, pointer));
  }

  synchronized void put(BlockStore store, BlockPointer pointer, Node node) {
    if (capacity > 0) {
      nodes.put(new Key(store, pointer), node);
    }
  }
}
