package dev.kiln.engine.tree;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Iterates entries in key order from a start key. It holds only the current root-to-leaf path.
 *
 * <p>On a head tree the cursor survives modifications: when the tree changed since the last step it
 * re-seeks just after the last returned key, so a listing resumed after inserts and deletes neither
 * repeats nor skips surviving keys. Not safe for use by several threads at once.
 */
public final class TreeCursor {

  private record Frame(Node node, int[] index) {}

  private final NodeSource source;
  private final ArrayDeque<Frame> path = new ArrayDeque<>();
  private TreeKey resumeKey;
  private boolean resumeInclusive = true;
  private boolean positioned;
  private boolean exhausted;
  private long version;

  TreeCursor(NodeSource source, TreeKey from) {
    this.source = source;
    this.resumeKey = from;
  }

  /** The next entry, or {@code null} when there is none (the cursor then stays exhausted). */
  public TreeEntry next() throws IOException {
    if (exhausted) {
      return null;
    }
    if (!positioned || version != source.version()) {
      seek();
    }
    while (!path.isEmpty()) {
      Frame f = path.peek();
      Node n = f.node();
      if (n.isLeaf()) {
        if (f.index()[0] < n.size()) {
          TreeEntry e = n.entry(f.index()[0]++);
          resumeKey = e.key();
          resumeInclusive = false;
          return e;
        }
        path.pop();
        continue;
      }
      int next = ++f.index()[0];
      if (next < n.size()) {
        descendLeftmost(source.child(n, next));
      } else {
        path.pop();
      }
    }
    exhausted = true;
    return null;
  }

  /**
   * Up to {@code limit} further entries with keys below {@code toExclusive}. Once a key at or past
   * {@code toExclusive} is reached the cursor is exhausted (that entry is not returned).
   */
  public List<TreeEntry> next(TreeKey toExclusive, int limit) throws IOException {
    if (limit < 0) {
      throw new IllegalArgumentException("negative limit " + limit);
    }
    List<TreeEntry> out = new ArrayList<>(Math.min(limit, 256));
    while (out.size() < limit) {
      TreeEntry e = next();
      if (e == null) {
        break;
      }
      if (e.key().compareTo(toExclusive) >= 0) {
        exhausted = true;
        break;
      }
      out.add(e);
    }
    return out;
  }

  private void seek() throws IOException {
    path.clear();
    version = source.version();
    positioned = true;
    Node n = source.root();
    while (!n.isLeaf()) {
      int i = n.childIndex(resumeKey);
      path.push(new Frame(n, new int[] {i}));
      n = source.child(n, i);
    }
    int pos = n.search(resumeKey);
    int start = pos >= 0 ? (resumeInclusive ? pos : pos + 1) : -pos - 1;
    path.push(new Frame(n, new int[] {start}));
  }

  private void descendLeftmost(Node n) throws IOException {
    while (!n.isLeaf()) {
      path.push(new Frame(n, new int[] {0}));
      n = source.child(n, 0);
    }
    path.push(new Frame(n, new int[] {0}));
  }
}
