package dev.kiln.engine.fs;

import dev.kiln.engine.tree.TreeKey;

/**
 * Item types of an object set's tree (the middle field of {@link TreeKey}); the values are on-disk
 * format and never change meaning.
 */
public final class ItemType {

  /** The object-set header (object 0, offset 0). */
  public static final int HEADER = 1;

  /** An inode's attributes (offset 0). */
  public static final int INODE = 2;

  /** A directory entry by cookie. */
  public static final int DIRENT = 3;

  /** A directory's name index by name hash: the entries whose names share that hash. */
  public static final int NAMES = 4;

  /** An owner's named streams by name hash. */
  public static final int STREAMS = 5;

  /** An inode's xattr names by name hash, each with its per-inode value id. */
  public static final int XATTR_NAMES = 6;

  /** Xattr value chunks at offset {@code (id << 20) | chunk}. */
  public static final int XATTR_VALUE = 7;

  /** Symlink target chunks. */
  public static final int SYMLINK = 8;

  /** Stored ACL chunks. */
  public static final int ACL = 9;

  /** Data extent of a record: offset is the record's first byte in the object. */
  public static final int EXTENT = 10;

  private ItemType() {}

  /** The key of {@code type} item {@code offset} of {@code object}. */
  public static TreeKey key(long object, int type, long offset) {
    return TreeKey.of(object, type, offset);
  }

  /** The first key after every item of {@code type} of {@code object}. */
  public static TreeKey end(long object, int type) {
    return TreeKey.of(object, type + 1, 0);
  }
}
