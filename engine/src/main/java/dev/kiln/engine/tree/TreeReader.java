package dev.kiln.engine.tree;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Read operations shared by the writable head ({@link BPlusTree}) and {@link TreeSnapshot}. */
public interface TreeReader {

  /** The value stored at {@code key}, a copy. */
  Optional<byte[]> get(TreeKey key) throws IOException;

  /** The entry with the greatest key {@code <= key} (e.g. the extent covering an offset). */
  Optional<TreeEntry> floor(TreeKey key) throws IOException;

  /** The entry with the smallest key {@code >= key}. */
  Optional<TreeEntry> ceiling(TreeKey key) throws IOException;

  /** A cursor over entries with keys {@code >= from}, in key order. */
  TreeCursor cursor(TreeKey from);

  /** Up to {@code limit} entries with {@code from <= key < toExclusive}, in key order. */
  default List<TreeEntry> scan(TreeKey from, TreeKey toExclusive, int limit) throws IOException {
    return cursor(from).next(toExclusive, limit);
  }

  /** Counts keys and nodes by walking the whole tree (O(size); for tests and diagnostics). */
  TreeStats stats() throws IOException;
}
