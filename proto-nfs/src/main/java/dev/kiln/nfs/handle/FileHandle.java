package dev.kiln.nfs.handle;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * An NFS file handle: 32 opaque bytes that stay valid across server restarts because they name the
 * object by {@code (file system guid, inode, generation)}, never by a server-side table.
 *
 * <p>Layout: version (1), kind (1), zero (2), guid (8), inode (8), generation (8), CRC-32C of the
 * first 28 bytes (4). The checksum tells a damaged or foreign handle (BADHANDLE) from one whose
 * object is gone (STALE). 32 bytes also fits MOUNT v1's fixed-size fhandle.
 *
 * @param kind what the handle names
 * @param guid file system guid (of the dataset for the control directories)
 * @param inode inode number (0 for the control directories)
 * @param generation inode generation
 */
public record FileHandle(Kind kind, long guid, long inode, long generation) {

  /** Handle size in bytes. */
  public static final int SIZE = 32;

  private static final byte VERSION = 1;

  /** What a handle names. */
  public enum Kind {
    /** An inode of a dataset or snapshot file system. */
    INODE,
    /** The {@code .zfs} control directory of a dataset. */
    CONTROL_DIR,
    /** The {@code .zfs/snapshot} directory of a dataset. */
    SNAPSHOT_DIR
  }

  /** A handle for an inode of file system {@code guid}. */
  public static FileHandle inode(long guid, long inode, long generation) {
    return new FileHandle(Kind.INODE, guid, inode, generation);
  }

  /** The 32 wire bytes. */
  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(SIZE);
    b.put(VERSION).put((byte) kind.ordinal()).putShort((short) 0);
    b.putLong(guid).putLong(inode).putLong(generation);
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, SIZE - 4);
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /** Parses wire bytes; BadHandle when the size, version, kind or checksum is wrong. */
  public static FileHandle parse(byte[] bytes) throws BadHandle {
    if (bytes.length != SIZE) {
      throw new BadHandle("handle of " + bytes.length + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, SIZE - 4);
    if (b.getInt(SIZE - 4) != (int) crc.getValue()) {
      throw new BadHandle("handle checksum mismatch");
    }
    if (b.get() != VERSION) {
      throw new BadHandle("unknown handle version");
    }
    int kind = b.get();
    if (kind < 0 || kind >= Kind.values().length || b.getShort() != 0) {
      throw new BadHandle("unknown handle kind");
    }
    return new FileHandle(Kind.values()[kind], b.getLong(), b.getLong(), b.getLong());
  }

  /** A handle that is not one of ours (NFS3ERR_BADHANDLE). */
  public static final class BadHandle extends Exception {
    private static final long serialVersionUID = 1L;

    /** With a reason. */
    public BadHandle(String message) {
      super(message, null, false, false);
    }
  }
}
