package dev.kiln.engine.tree;

import java.nio.ByteBuffer;

/**
 * Key of a dataset tree item: (object id, item type, offset), ordered field by field with every
 * field compared as an unsigned number.
 *
 * <p>Unsigned order lets object ids and byte offsets use the whole 64-bit range (an offset near
 * 2^64 sorts after small offsets, as a file offset should) and gives the tree a natural minimum
 * {@link #MIN} and maximum {@link #MAX}.
 *
 * @param objectId object (inode) number, unsigned
 * @param itemType kind of item (inode, directory entry, xattr, extent, ...), unsigned
 * @param offset position within the object's items of this type (file offset, name hash, ...),
 *     unsigned
 */
public record TreeKey(long objectId, byte itemType, long offset) implements Comparable<TreeKey> {

  /** Serialized size in bytes. */
  public static final int BYTES = 8 + 1 + 8;

  /** The smallest key. */
  public static final TreeKey MIN = new TreeKey(0, (byte) 0, 0);

  /** The largest key. */
  public static final TreeKey MAX = new TreeKey(-1L, (byte) -1, -1L);

  /** Key of {@code objectId}, {@code itemType} (0..255) and {@code offset}. */
  public static TreeKey of(long objectId, int itemType, long offset) {
    if (itemType < 0 || itemType > 255) {
      throw new IllegalArgumentException("item type out of range 0..255: " + itemType);
    }
    return new TreeKey(objectId, (byte) itemType, offset);
  }

  /** The item type as an unsigned value 0..255. */
  public int itemTypeUnsigned() {
    return Byte.toUnsignedInt(itemType);
  }

  @Override
  public int compareTo(TreeKey other) {
    int c = Long.compareUnsigned(objectId, other.objectId);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(itemTypeUnsigned(), other.itemTypeUnsigned());
    if (c != 0) {
      return c;
    }
    return Long.compareUnsigned(offset, other.offset);
  }

  /** The next key in tree order; useful to resume a listing after a returned key (a cookie). */
  public TreeKey successor() {
    if (equals(MAX)) {
      throw new IllegalStateException("TreeKey.MAX has no successor");
    }
    if (offset != -1L) {
      return new TreeKey(objectId, itemType, offset + 1);
    }
    if (itemType != (byte) -1) {
      return new TreeKey(objectId, (byte) (itemType + 1), 0);
    }
    return new TreeKey(objectId + 1, (byte) 0, 0);
  }

  /** Writes this key big-endian at the buffer's position, advancing it by {@link #BYTES}. */
  public void writeTo(ByteBuffer buf) {
    buf.putLong(objectId).put(itemType).putLong(offset);
  }

  /** Reads a key at the buffer's position, advancing it by {@link #BYTES}. */
  public static TreeKey readFrom(ByteBuffer buf) {
    return new TreeKey(buf.getLong(), buf.get(), buf.getLong());
  }

  @Override
  public String toString() {
    return "(%s, %d, %s)"
        .formatted(
            Long.toUnsignedString(objectId), itemTypeUnsigned(), Long.toUnsignedString(offset));
  }
}
