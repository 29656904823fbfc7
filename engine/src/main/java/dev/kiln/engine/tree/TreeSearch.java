package dev.kiln.engine.tree;

import java.io.IOException;
import java.util.Optional;

/** Read algorithms over any {@link NodeSource}. */
final class TreeSearch {

  private TreeSearch() {}

  static Optional<byte[]> get(NodeSource source, TreeKey key) throws IOException {
    Node n = source.root();
    while (!n.isLeaf()) {
      n = source.child(n, n.childIndex(key));
    }
    int pos = n.search(key);
    return pos >= 0 ? Optional.of(n.value(pos).clone()) : Optional.empty();
  }

  static Optional<TreeEntry> floor(NodeSource source, TreeKey key) throws IOException {
    return Optional.ofNullable(floor(source, source.root(), key));
  }

  static Optional<TreeEntry> ceiling(NodeSource source, TreeKey key) throws IOException {
    return Optional.ofNullable(new TreeCursor(source, key).next());
  }

  private static TreeEntry floor(NodeSource source, Node n, TreeKey key) throws IOException {
    if (n.isLeaf()) {
      int pos = n.search(key);
      if (pos >= 0) {
        return n.entry(pos);
      }
      int before = -pos - 2;
      return before >= 0 ? n.entry(before) : null;
    }
    int i = n.childIndex(key);
    TreeEntry found = floor(source, source.child(n, i), key);
    // Separators are lower bounds, not exact minima: the floor may sit in an earlier subtree.
    for (int j = i - 1; found == null && j >= 0; j--) {
      found = last(source, source.child(n, j));
    }
    return found;
  }

  private static TreeEntry last(NodeSource source, Node n) throws IOException {
    if (n.isLeaf()) {
      return n.size() > 0 ? n.entry(n.size() - 1) : null;
    }
    for (int j = n.size() - 1; j >= 0; j--) {
      TreeEntry e = last(source, source.child(n, j));
      if (e != null) {
        return e;
      }
    }
    return null;
  }

  static TreeStats stats(NodeSource source) throws IOException {
    long[] counts = new long[3];
    Node root = source.root();
    walk(source, root, counts);
    return new TreeStats(counts[0], counts[1], counts[2], root.level() + 1);
  }

  private static void walk(NodeSource source, Node n, long[] counts) throws IOException {
    if (n.isLeaf()) {
      counts[0] += n.size();
      counts[1]++;
      return;
    }
    counts[2]++;
    for (int i = 0; i < n.size(); i++) {
      walk(source, source.child(n, i), counts);
    }
  }
}
