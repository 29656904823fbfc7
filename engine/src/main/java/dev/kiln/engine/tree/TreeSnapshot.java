package dev.kiln.engine.tree;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.BlockStore;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only tree at a committed root: a snapshot, or the last synced state of a head. It never
 * changes, whatever happens to the head later, because committed blocks are immutable.
 *
 * <p>Safe for concurrent readers if the block store is (its node cache is synchronized and cached
 * nodes are frozen). Memory use is the bounded node cache plus one path per cursor.
 */
public final class TreeSnapshot implements TreeReader {

  private final BlockPointer root;
  private final NodeLoader loader;
  private final NodeSource source;

  TreeSnapshot(BlockPointer root, NodeLoader loader) {
    this.root = Objects.requireNonNull(root, "root");
    this.loader = loader;
    this.source =
        new NodeSource() {
          @Override
          public Node root() throws IOException {
            return loader.load(root, NodeLoader.ANY_LEVEL);
          }

          @Override
          public Node child(Node parent, int index) throws IOException {
            return loader.load(parent.slot(index).pointer, parent.level() - 1);
          }

          @Override
          public long version() {
            return 0;
          }
        };
  }

  /** A read-only view of the tree whose root block is {@code root}. */
  public static TreeSnapshot open(BlockStore store, BlockPointer root, TreeOptions options) {
    return open(store, root, new TreeNodeCache(options.cachedNodes()));
  }

  /** A read-only view at {@code root} caching clean nodes in {@code cache} (e.g. one per pool). */
  public static TreeSnapshot open(BlockStore store, BlockPointer root, TreeNodeCache cache) {
    return new TreeSnapshot(root, new NodeLoader(store, cache));
  }

  /** The root block pointer. */
  public BlockPointer root() {
    return root;
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
    return new TreeCursor(source, from);
  }

  @Override
  public TreeStats stats() throws IOException {
    return TreeSearch.stats(source);
  }

  /**
   * Visits every node block pointer (pre-order) whose birth txg is {@code >= minBirthTxg}. A parent
   * is born no earlier than any block below it, so a subtree whose root is older is skipped without
   * being read; leaves are reported without being read. {@code minBirthTxg} 0 visits all.
   */
  public void visitBlocks(long minBirthTxg, BlockVisitor visitor) throws IOException {
    if (root.birthTxg() < minBirthTxg) {
      return;
    }
    Node n = source.root();
    visitor.visit(root, n.level());
    visitChildren(n, minBirthTxg, visitor);
  }

  private void visitChildren(Node n, long minBirthTxg, BlockVisitor visitor) throws IOException {
    if (n.isLeaf()) {
      return;
    }
    for (int i = 0; i < n.size(); i++) {
      BlockPointer p = n.slot(i).pointer;
      if (p.birthTxg() < minBirthTxg) {
        continue;
      }
      visitor.visit(p, n.level() - 1);
      if (n.level() > 1) {
        visitChildren(loader.load(p, n.level() - 1), minBirthTxg, visitor);
      }
    }
  }

  /**
   * Visits, in key order, every entry stored in a leaf born in txg {@code >= minBirthTxg}: a
   * superset of the entries written since then (a leaf rewritten for one key reports all its keys),
   * at the cost of reading only the changed part of the tree.
   */
  public void visitEntries(long minBirthTxg, EntryVisitor visitor) throws IOException {
    if (root.birthTxg() >= minBirthTxg) {
      visitEntries(source.root(), minBirthTxg, visitor);
    }
  }

  private void visitEntries(Node n, long minBirthTxg, EntryVisitor visitor) throws IOException {
    if (n.isLeaf()) {
      for (int i = 0; i < n.size(); i++) {
        visitor.visit(n.entry(i));
      }
      return;
    }
    for (int i = 0; i < n.size(); i++) {
      BlockPointer p = n.slot(i).pointer;
      if (p.birthTxg() >= minBirthTxg) {
        visitEntries(loader.load(p, n.level() - 1), minBirthTxg, visitor);
      }
    }
  }

  /** Changes from {@code older} to this tree, skipping subtrees the two share. */
  public void diffFrom(TreeSnapshot older, ChangeVisitor visitor) throws IOException {
    TreeDiff.between(loader, older.root, root, visitor);
  }

  NodeLoader loader() {
    return loader;
  }
}
