package dev.kiln.engine.fs;

import dev.kiln.engine.api.error.CorruptDataException;
import dev.kiln.engine.tree.TreeEntry;
import dev.kiln.engine.tree.TreeKey;
import dev.kiln.engine.tree.TreeReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Values larger than a tree item (symlink targets, xattr values, ACLs) split into consecutive items
 * at offsets {@code base, base+1, ...}; the first starts with the total length.
 */
final class Chunks {

  /** Offsets reserved per value: a value never spans more chunks than this. */
  static final long SPAN = 1L << 20;

  private Chunks() {}

  static void put(TreeChanges changes, long object, int type, long base, byte[] value)
      throws IOException {
    int room = changes.maxValueBytes() - 4;
    int first = Math.min(room, value.length);
    byte[] head = ByteBuffer.allocate(4 + first).putInt(value.length).put(value, 0, first).array();
    changes.put(ItemType.key(object, type, base), head);
    long i = 1;
    for (int off = first; off < value.length; off += room, i++) {
      int n = Math.min(room, value.length - off);
      byte[] chunk = new byte[n];
      System.arraycopy(value, off, chunk, 0, n);
      changes.put(ItemType.key(object, type, base + i), chunk);
    }
  }

  static void delete(TreeChanges changes, long object, int type, long base) throws IOException {
    changes.deleteRange(ItemType.key(object, type, base), ItemType.key(object, type, base + SPAN));
  }

  static byte[] get(TreeReader tree, long object, int type, long base) throws IOException {
    TreeKey from = ItemType.key(object, type, base);
    List<TreeEntry> items =
        tree.scan(from, ItemType.key(object, type, base + SPAN), Integer.MAX_VALUE);
    if (items.isEmpty()) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] head = items.getFirst().value();
    if (!items.getFirst().key().equals(from) || head.length < 4) {
      throw new CorruptDataException("value at " + from + " has no length header");
    }
    int total = ByteBuffer.wrap(head).getInt();
    out.write(head, 4, head.length - 4);
    for (int i = 1; i < items.size(); i++) {
      if (items.get(i).key().offset() != base + i) {
        throw new CorruptDataException("value at " + from + " misses chunk " + i);
      }
      out.writeBytes(items.get(i).value());
    }
    if (out.size() != total) {
      throw new CorruptDataException(
          "value at %s has %d bytes, header says %d".formatted(from, out.size(), total));
    }
    return out.toByteArray();
  }
}
