package dev.kiln.engine.tree;

import dev.kiln.engine.block.Compression;
import java.util.Objects;

/**
 * Tuning of a tree: node size, node compression and the size of the tree's own parsed-node cache.
 *
 * @param nodeSize logical size limit of a node in bytes (256 B .. 1 MiB; 16 KiB by default)
 * @param compression compression asked of the block store for node blocks
 * @param cachedNodes size of the private node cache of a tree opened without a shared {@link
 *     TreeNodeCache} (0 disables; the block store caches blocks too)
 */
public record TreeOptions(int nodeSize, Compression compression, int cachedNodes) {

  /** Default logical node size. */
  public static final int DEFAULT_NODE_SIZE = 16 * 1024;

  /** Smallest supported node size; small nodes make deep trees in tests. */
  public static final int MIN_NODE_SIZE = 256;

  /** Largest supported node size (also the parser's limit). */
  public static final int MAX_NODE_SIZE = NodeCodec.MAX_NODE_BYTES;

  /** Validates the options. */
  public TreeOptions {
    Objects.requireNonNull(compression, "compression");
    if (nodeSize < MIN_NODE_SIZE || nodeSize > MAX_NODE_SIZE) {
      throw new IllegalArgumentException(
          "node size %d outside %d..%d".formatted(nodeSize, MIN_NODE_SIZE, MAX_NODE_SIZE));
    }
    if (cachedNodes < 0) {
      throw new IllegalArgumentException("cachedNodes must be >= 0: " + cachedNodes);
    }
  }

  /** 16 KiB nodes, LZ4, a small node cache. */
  public static TreeOptions defaults() {
    return new TreeOptions(DEFAULT_NODE_SIZE, Compression.LZ4, 32);
  }

  /** The same options with another node size. */
  public TreeOptions withNodeSize(int size) {
    return new TreeOptions(size, compression, cachedNodes);
  }

  /** The same options with another cache size. */
  public TreeOptions withCachedNodes(int count) {
    return new TreeOptions(nodeSize, compression, count);
  }

  /** Bytes available for entries in one node. */
  int capacity() {
    return nodeSize - NodeCodec.HEADER_SIZE;
  }

  /**
   * Largest value accepted by {@code put}: an entry never takes more than a quarter of a node, so a
   * split always yields two halves that fit and a merge can always rebalance; the on-disk length
   * field is 16 bits.
   */
  public int maxValueBytes() {
    return Math.min(capacity() / 4 - NodeCodec.LEAF_ENTRY_OVERHEAD, NodeCodec.MAX_VALUE_BYTES);
  }
}
