package dev.kiln.engine.dataset;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.BlockStore;
import dev.kiln.engine.tree.BPlusTree;
import dev.kiln.engine.tree.TreeEntry;
import dev.kiln.engine.tree.TreeKey;
import dev.kiln.engine.tree.TreeOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Blocks a snapshot (or the head) stopped referencing although its predecessor still does: a B+tree
 * keyed by (birth txg, vdev, offset) holding the block pointers, plus their total space. Ordered by
 * birth so that "born after the previous snapshot" is a range. Its own node blocks are pool
 * metadata, freed at once when replaced.
 */
final class Deadlist {

  private static final TreeOptions OPTIONS = TreeOptions.defaults();

  private final BPlusTree tree;
  private final BlockStore poolStore;
  private final int ashift;
  private volatile ByteCount total;
  private boolean changed;

  private Deadlist(BPlusTree tree, BlockStore poolStore, int ashift, ByteCount total) {
    this.tree = tree;
    this.poolStore = poolStore;
    this.ashift = ashift;
    this.total = total;
  }

  static Deadlist empty(BlockStore poolStore, int ashift) {
    Deadlist d =
        new Deadlist(
            BPlusTree.create(poolStore, OPTIONS, poolStore::free),
            poolStore,
            ashift,
            ByteCount.ZERO);
    return d;
  }

  static Deadlist open(BlockStore poolStore, int ashift, BlockPointer root, ByteCount total) {
    if (root == null) {
      return empty(poolStore, ashift);
    }
    return new Deadlist(
        BPlusTree.open(poolStore, root, OPTIONS, poolStore::free), poolStore, ashift, total);
  }

  private static TreeKey key(BlockPointer bp) {
    if (bp.vdev() < 0 || bp.vdev() > 255) {
      throw new IllegalArgumentException("vdev index out of range for a deadlist: " + bp.vdev());
    }
    return TreeKey.of(bp.birthTxg(), bp.vdev(), bp.offset());
  }

  void add(BlockPointer bp) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(BlockPointer.SIZE);
    bp.writeTo(buf);
    tree.put(key(bp), buf.array());
    total = total.plus(ByteCount.of(bp, ashift));
    changed = true;
  }

  ByteCount total() {
    return total;
  }

  boolean isEmpty() {
    return total.allocated() == 0;
  }

  /** Entries born in {@code (afterTxg, upToTxg]}, in order. */
  List<BlockPointer> range(long afterTxg, long upToTxg) throws IOException {
    List<BlockPointer> out = new ArrayList<>();
    if (upToTxg <= afterTxg) {
      return out;
    }
    TreeKey end = TreeKey.of(upToTxg + 1, 0, 0);
    var cursor = tree.cursor(TreeKey.of(afterTxg + 1, 0, 0));
    for (TreeEntry e = cursor.next(); e != null; e = cursor.next()) {
      if (e.key().compareTo(end) >= 0) {
        break;
      }
      out.add(BlockPointer.readFrom(ByteBuffer.wrap(e.value())));
    }
    return out;
  }

  /** Space of the entries born in {@code (afterTxg, upToTxg]}. */
  ByteCount bytesIn(long afterTxg, long upToTxg) throws IOException {
    ByteCount sum = ByteCount.ZERO;
    for (BlockPointer bp : range(afterTxg, upToTxg)) {
      sum = sum.plus(ByteCount.of(bp, ashift));
    }
    return sum;
  }

  /** Removes the given entries (found by {@link #range}). */
  void remove(List<BlockPointer> entries) throws IOException {
    for (BlockPointer bp : entries) {
      if (tree.delete(key(bp))) {
        total = total.minus(ByteCount.of(bp, ashift));
        changed = true;
      }
    }
  }

  /** Moves every entry into {@code target}. */
  void moveAllInto(Deadlist target) throws IOException {
    for (BlockPointer bp : range(-1, Long.MAX_VALUE - 1)) {
      target.add(bp);
    }
  }

  /** Writes changes in {@code txg}; returns the root (null for a deadlist never written). */
  BlockPointer sync(long txg) throws IOException {
    if (tree.committedRoot().isEmpty() && !changed) {
      return null;
    }
    changed = false;
    return tree.sync(txg);
  }

  /** Frees the deadlist's own node blocks (not the blocks it lists) in {@code txg}. */
  void destroy(long txg) throws IOException {
    tree.discardChanges();
    var root = tree.committedRoot();
    if (root.isPresent()) {
      List<BlockPointer> nodes = new ArrayList<>();
      tree.committed().visitBlocks(0, (bp, level) -> nodes.add(bp));
      for (BlockPointer bp : nodes) {
        poolStore.free(bp, txg);
      }
    }
  }

  /** Node blocks of the committed tree (for space checks and scrub). */
  void visitNodes(dev.kiln.engine.tree.BlockVisitor visitor) throws IOException {
    if (tree.committedRoot().isPresent()) {
      tree.committed().visitBlocks(0, visitor);
    }
  }

  /** Every listed block (committed and pending). */
  List<BlockPointer> entries() throws IOException {
    return range(-1, Long.MAX_VALUE - 1);
  }
}
