package dev.kiln.engine.tree;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.BlockStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The writable head of a copy-on-write B+tree: a committed root plus the dirty working set of the
 * open transaction group.
 *
 * <p>A modification copies the nodes on the path from the root to the leaf into memory (once per
 * txg: later changes to the same nodes only touch memory) and remembers the committed blocks it
 * replaced. {@link #sync(long)} writes the dirty nodes bottom-up, hands each replaced block to the
 * {@link BlockFreer}, and returns the new root pointer. Committed blocks are never modified, so
 * snapshots ({@link TreeSnapshot}) of earlier roots stay intact.
 *
 * <p>Not thread-safe: the owner (the dataset) serializes all calls, reads included, under its lock.
 * Views obtained from {@link #committed()} may be read concurrently.
 */
public final class BPlusTree implements TreeReader {

  private final NodeLoader loader;
  private final TreeOptions options;
  private final BlockFreer freer;
  private final ChildSlot root;
  private final List<BlockPointer> replaced = new ArrayList<>();
  // Replaced by a committed root but not yet accepted by the freer (it threw); see sync.
  private final List<BlockPointer> toRelease = new ArrayList<>();
  // Blocks written by a sync that has not completed yet (a write failed); see discardChanges.
  private final List<BlockPointer> writtenUncommitted = new ArrayList<>();
  private BlockPointer committedRoot;
  private long lastSyncedTxg;
  private long version;
  private final NodeSource source =
      new NodeSource() {
        @Override
        public Node root() throws IOException {
          return root.dirty != null ? root.dirty : loader.load(root.pointer, NodeLoader.ANY_LEVEL);
        }

        @Override
        public Node child(Node parent, int index) throws IOException {
          ChildSlot s = parent.slot(index);
          return s.dirty != null ? s.dirty : loader.load(s.pointer, parent.level() - 1);
        }

        @Override
        public long version() {
          return version;
        }
      };

  private BPlusTree(
      BlockStore store,
      BlockPointer committedRoot,
      TreeOptions options,
      BlockFreer freer,
      TreeNodeCache cache) {
    this.loader =
        new NodeLoader(
            Objects.requireNonNull(store, "store"), Objects.requireNonNull(cache, "cache"));
    this.options = Objects.requireNonNull(options, "options");
    this.freer = Objects.requireNonNull(freer, "freer");
    this.committedRoot = committedRoot;
    this.root =
        committedRoot == null
            ? ChildSlot.ofDirty(Node.emptyLeaf())
            : ChildSlot.clean(committedRoot);
    this.lastSyncedTxg = committedRoot == null ? 0 : committedRoot.birthTxg();
  }

  /** A new empty tree; nothing is written until the first {@link #sync(long)}. */
  public static BPlusTree create(BlockStore store, TreeOptions options, BlockFreer freer) {
    return create(store, options, freer, new TreeNodeCache(options.cachedNodes()));
  }

  /** A new empty tree whose clean nodes are cached in {@code cache} (e.g. one per pool). */
  public static BPlusTree create(
      BlockStore store, TreeOptions options, BlockFreer freer, TreeNodeCache cache) {
    return new BPlusTree(store, null, options, freer, cache);
  }

  /** The head tree whose committed root block is {@code root}. */
  public static BPlusTree open(
      BlockStore store, BlockPointer root, TreeOptions options, BlockFreer freer) {
    return open(store, root, options, freer, new TreeNodeCache(options.cachedNodes()));
  }

  /** The head tree at {@code root}, caching clean nodes in {@code cache} (e.g. one per pool). */
  public static BPlusTree open(
      BlockStore store,
      BlockPointer root,
      TreeOptions options,
      BlockFreer freer,
      TreeNodeCache cache) {
    return new BPlusTree(store, Objects.requireNonNull(root, "root"), options, freer, cache);
  }

  /** The options this tree was opened with. */
  public TreeOptions options() {
    return options;
  }

  /** The root written by the last sync (or given to open); empty for a never-synced new tree. */
  public Optional<BlockPointer> committedRoot() {
    return Optional.ofNullable(committedRoot);
  }

  /** A read-only view of the committed root, unaffected by later changes to this head. */
  public TreeSnapshot committed() {
    if (committedRoot == null) {
      throw new IllegalStateException("tree has never been synced: no committed root");
    }
    return new TreeSnapshot(committedRoot, loader);
  }

  /** Whether there are changes since the last sync. */
  public boolean isDirty() {
    return root.dirty != null || !Objects.equals(root.pointer, committedRoot);
  }

  @Override
  public Optional<byte[]> get(TreeKey key) throws IOException {
    return TreeSearch.get(source, key);
  }

  @Override
  public Optional<TreeEntry> floor(TreeKey key) throws IOException {
    return TreeSearch.floor(source, key);
  }

  @Override
  public Optional<TreeEntry> ceiling(TreeKey key) throws IOException {
    return TreeSearch.ceiling(source, key);
  }

  @Override
  public TreeCursor cursor(TreeKey from) {
    return new TreeCursor(source, Objects.requireNonNull(from, "from"));
  }

  @Override
  public TreeStats stats() throws IOException {
    return TreeSearch.stats(source);
  }

  /** Inserts or replaces the value at {@code key} (the array is copied). */
  public void put(TreeKey key, byte[] value) throws IOException {
    Objects.requireNonNull(key, "key");
    if (value.length > options.maxValueBytes()) {
      throw new IllegalArgumentException(
          "value of %d bytes exceeds the %d-byte limit for %d-byte nodes"
              .formatted(value.length, options.maxValueBytes(), options.nodeSize()));
    }
    version++;
    Node top = dirtyRoot();
    Node split = insert(top, key, value.clone());
    if (split != null) {
      Node grown =
          Node.interior(
              top.level() + 1,
              List.of(top.key(0), split.key(0)),
              List.of(ChildSlot.ofDirty(top), ChildSlot.ofDirty(split)));
      root.dirty = grown;
    }
  }

  /** Removes {@code key}; returns whether it was present. Nothing is dirtied when it was not. */
  public boolean delete(TreeKey key) throws IOException {
    if (get(key).isEmpty()) {
      return false;
    }
    version++;
    remove(dirtyRoot(), key);
    // A root with one child is useless: the child becomes the root (the tree shrinks).
    while (!root.dirty.isLeaf() && root.dirty.size() == 1) {
      ChildSlot only = root.dirty.slot(0);
      root.pointer = only.pointer;
      root.dirty = only.dirty;
      if (root.dirty == null) {
        break;
      }
    }
    return true;
  }

  /**
   * Removes every key in {@code [from, toExclusive)} (e.g. all items of a destroyed object) and
   * returns how many there were. Costs O(k log n) for k keys; nodes emptied on the way are merged
   * away like single deletes.
   */
  public long deleteRange(TreeKey from, TreeKey toExclusive) throws IOException {
    long removed = 0;
    while (true) {
      List<TreeEntry> batch = scan(from, toExclusive, 256);
      if (batch.isEmpty()) {
        return removed;
      }
      for (TreeEntry e : batch) {
        if (delete(e.key())) {
          removed++;
        }
      }
    }
  }

  /**
   * Writes all dirty nodes as blocks born in {@code txg}, releases the blocks they replace through
   * the {@link BlockFreer}, and returns the new root. Without changes, returns the committed root
   * and writes nothing.
   *
   * <p>Failures: if a write fails, nothing is committed and a later call writes what is still dirty
   * (or {@link #discardChanges()} releases what was written). If the freer fails, the new root is
   * already committed; the blocks not yet released are offered again by the next sync.
   */
  public BlockPointer sync(long txg) throws IOException {
    if (txg <= 0 || txg < lastSyncedTxg) {
      throw new IllegalArgumentException(
          "sync txg %d must be positive and not before the last synced txg %d"
              .formatted(txg, lastSyncedTxg));
    }
    if (root.dirty != null) {
      root.pointer = write(root.dirty, txg);
      root.dirty = null;
    }
    // All writes are done: the new root is committed before anything is released, so a failing
    // freer can never leave the head referencing a released block (a retry releases the rest).
    writtenUncommitted.clear();
    committedRoot = root.pointer;
    lastSyncedTxg = txg;
    version++;
    toRelease.addAll(replaced);
    replaced.clear();
    while (!toRelease.isEmpty()) {
      freer.release(toRelease.getLast(), txg);
      toRelease.removeLast();
    }
    return committedRoot;
  }

  /**
   * Drops all changes since the last sync. Committed blocks are kept; blocks that a failed {@link
   * #sync(long)} already wrote for the dropped changes are released through the {@link BlockFreer}
   * (with their own birth txg), since nothing will ever reference them.
   */
  public void discardChanges() throws IOException {
    while (!writtenUncommitted.isEmpty()) {
      BlockPointer orphan = writtenUncommitted.getLast();
      freer.release(orphan, orphan.birthTxg());
      writtenUncommitted.removeLast();
    }
    replaced.clear();
    version++;
    if (committedRoot == null) {
      root.pointer = null;
      root.dirty = Node.emptyLeaf();
    } else {
      root.pointer = committedRoot;
      root.dirty = null;
    }
  }

  /** Number of dirty (unwritten) nodes held in memory. */
  public int dirtyNodeCount() {
    return root.dirty == null ? 0 : countDirty(root.dirty);
  }

  private static int countDirty(Node n) {
    int count = 1;
    if (!n.isLeaf()) {
      for (int i = 0; i < n.size(); i++) {
        Node d = n.slot(i).dirty;
        if (d != null) {
          count += countDirty(d);
        }
      }
    }
    return count;
  }

  private BlockPointer write(Node n, long txg) throws IOException {
    if (!n.isLeaf()) {
      for (int i = 0; i < n.size(); i++) {
        ChildSlot s = n.slot(i);
        if (s.dirty != null) {
          s.pointer = write(s.dirty, txg);
          s.dirty = null;
        }
      }
    }
    BlockPointer p = loader.store().write(NodeCodec.encode(n), options.compression(), txg);
    writtenUncommitted.add(p);
    loader.remember(p, n);
    return p;
  }

  private Node dirtyRoot() throws IOException {
    if (root.dirty == null) {
      root.dirty = copyForWrite(root.pointer, NodeLoader.ANY_LEVEL);
      root.pointer = null;
    }
    return root.dirty;
  }

  private Node dirtyChild(Node parent, int index) throws IOException {
    parent.requireMutable();
    ChildSlot s = parent.slot(index);
    if (s.dirty == null) {
      s.dirty = copyForWrite(s.pointer, parent.level() - 1);
      s.pointer = null;
    }
    return s.dirty;
  }

  /** Copy-on-write: the committed block will be released at the next sync. */
  private Node copyForWrite(BlockPointer pointer, int level) throws IOException {
    Node copy = loader.load(pointer, level).mutableCopy();
    replaced.add(pointer);
    return copy;
  }

  /** Inserts into the subtree of dirty node {@code n}; returns a new right sibling if it split. */
  private Node insert(Node n, TreeKey key, byte[] value) throws IOException {
    if (n.isLeaf()) {
      int pos = n.search(key);
      if (pos >= 0) {
        n.replaceValue(pos, value);
      } else {
        n.insertValue(-pos - 1, key, value);
      }
    } else {
      int i = n.childIndex(key);
      if (i == 0 && key.compareTo(n.key(0)) < 0) {
        // Keep the first separator a true lower bound, or a split of child 0 could yield a
        // separator below it and break the key order of this node.
        n.setKey(0, key);
      }
      Node split = insert(dirtyChild(n, i), key, value);
      if (split != null) {
        n.insertChild(i + 1, split.key(0), ChildSlot.ofDirty(split));
      }
    }
    // Entries are at most a quarter of a node, so one split always brings both halves in bounds.
    return n.payloadBytes() > options.capacity() ? n.splitOffUpperHalf() : null;
  }

  private void remove(Node n, TreeKey key) throws IOException {
    if (n.isLeaf()) {
      n.remove(n.search(key));
      return;
    }
    int i = n.childIndex(key);
    Node child = dirtyChild(n, i);
    remove(child, key);
    if (child.payloadBytes() < options.capacity() / 4 && n.size() > 1) {
      rebalance(n, i);
    }
  }

  /**
   * Fixes an underfull child by merging it with a neighbour, or, when both do not fit in one node,
   * by splitting their combined entries evenly (each half then fills more than a quarter).
   */
  private void rebalance(Node parent, int index) throws IOException {
    int left = index + 1 < parent.size() ? index : index - 1;
    Node l = dirtyChild(parent, left);
    Node r = dirtyChild(parent, left + 1);
    if (!r.isLeaf()) {
      // The parent's separator bounds r's first child more tightly than r's own first key.
      r.setKey(0, parent.key(left + 1));
    }
    l.absorb(r);
    parent.remove(left + 1);
    if (l.payloadBytes() > options.capacity()) {
      Node upper = l.splitOffUpperHalf();
      parent.insertChild(left + 1, upper.key(0), ChildSlot.ofDirty(upper));
    }
  }
}
