package dev.kiln.engine.fs;

import dev.kiln.engine.api.error.CorruptDataException;
import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.BlockStore;
import dev.kiln.engine.block.ChecksumMismatchException;
import dev.kiln.engine.tree.TreeEntry;
import dev.kiln.engine.tree.TreeReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The read side of object data: records of a fixed size per object, each either absent (a hole),
 * preallocated (zeros) or a data extent whose block holds the record's first bytes.
 */
public final class ObjectData {

  private ObjectData() {}

  /**
   * The data block an object-set tree entry references, if any (extents with data do; everything
   * else lives in the tree): what the dataset layer walks when it destroys or rolls back a head.
   */
  public static Optional<BlockPointer> dataBlock(TreeEntry entry) throws CorruptDataException {
    if (entry.key().itemTypeUnsigned() != ItemType.EXTENT) {
      return Optional.empty();
    }
    return Optional.ofNullable(Extent.decode(entry.value()).pointer());
  }

  /** The extent of the record starting at {@code start}, if any. */
  static Extent extent(TreeReader tree, long object, long start) throws IOException {
    Optional<byte[]> v = tree.get(ItemType.key(object, ItemType.EXTENT, start));
    return v.isPresent() ? Extent.decode(v.get()) : null;
  }

  /** The verified bytes of a data extent (exactly {@code e.length()} bytes). */
  static byte[] load(BlockStore store, long object, long start, Extent e) throws IOException {
    ByteBuffer b;
    try {
      b = store.read(e.pointer());
    } catch (ChecksumMismatchException ex) {
      throw new CorruptDataException(
          "data of object %d at offset %d failed verification".formatted(object, start), ex);
    }
    if (b.remaining() != e.length()) {
      throw new CorruptDataException(
          "data block of object %d at offset %d holds %d bytes, expected %d"
              .formatted(object, start, b.remaining(), e.length()));
    }
    byte[] out = new byte[e.length()];
    b.get(out);
    return out;
  }

  /**
   * Reads {@code min(dst.remaining(), size - offset)} bytes of an object whose records are {@code
   * recordSize} bytes; holes read as zeros. Returns the count read (0 at or past {@code size}).
   */
  public static int read(
      TreeReader tree,
      BlockStore store,
      long object,
      int recordSize,
      long size,
      long offset,
      ByteBuffer dst)
      throws IOException {
    if (offset >= size) {
      return 0;
    }
    int total = (int) Math.min(dst.remaining(), size - offset);
    long pos = offset;
    int done = 0;
    while (done < total) {
      long start = pos & -(long) recordSize;
      int in = (int) (pos - start);
      int n = Math.min(recordSize - in, total - done);
      Extent e = extent(tree, object, start);
      if (e == null || e.preallocated() || in >= e.length()) {
        zeros(dst, n);
      } else {
        byte[] data = load(store, object, start, e);
        int fromData = Math.min(n, e.length() - in);
        dst.put(data, in, fromData);
        zeros(dst, n - fromData);
      }
      pos += n;
      done += n;
    }
    return total;
  }

  private static final byte[] ZEROS = new byte[64 * 1024];

  private static void zeros(ByteBuffer dst, int n) {
    for (int left = n; left > 0; ) {
      int k = Math.min(left, ZEROS.length);
      dst.put(ZEROS, 0, k);
      left -= k;
    }
  }
}
