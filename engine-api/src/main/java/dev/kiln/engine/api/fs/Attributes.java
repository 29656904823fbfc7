package dev.kiln.engine.api.fs;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a front end reports about an inode (NFS fattr3/fattr4, SMB file information, SFTP
 * attrs).
 *
 * @param inode 64-bit inode number, unique within the file system while the inode lives
 * @param generation distinguishes successive lives of a reused inode number (NFS handles)
 * @param type the kind of object
 * @param mode permission bits only ({@code 07777}: setuid, setgid, sticky, rwx)
 * @param nlink hard link count; a directory has 2 plus one per subdirectory
 * @param uid owner user id (unsigned 32-bit value)
 * @param gid owner group id (unsigned 32-bit value)
 * @param ownerSid owner Windows SID as a string such as {@code S-1-5-21-...}, or null if unset
 * @param groupSid group Windows SID string, or null if unset
 * @param size logical size in bytes (symlink: target length in UTF-8 bytes)
 * @param allocatedSize bytes of storage used on disk (a sparse file uses less than its size)
 * @param rdev device number for block and character devices, else 0
 * @param atime last access time
 * @param mtime last data modification time
 * @param ctime last status (inode) change time
 * @param birthtime creation time
 * @param dosAttributes stored DOS attribute bits
 * @param change change counter: strictly increases whenever data or metadata of this inode change
 */
public record Attributes(
    long inode,
    long generation,
    FileType type,
    int mode,
    int nlink,
    long uid,
    long gid,
    String ownerSid,
    String groupSid,
    long size,
    long allocatedSize,
    long rdev,
    Instant atime,
    Instant mtime,
    Instant ctime,
    Instant birthtime,
    Set<DosAttribute> dosAttributes,
    long change) {

  /** Validates the required fields and freezes the DOS attribute set. */
  public Attributes {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(atime, "atime");
    Objects.requireNonNull(mtime, "mtime");
    Objects.requireNonNull(ctime, "ctime");
    Objects.requireNonNull(birthtime, "birthtime");
    dosAttributes = Set.copyOf(dosAttributes);
    if ((mode & ~07777) != 0) {
      throw new IllegalArgumentException(
          "mode has bits outside 07777: " + Integer.toOctalString(mode));
    }
  }

  /** True for directories. */
  public boolean isDirectory() {
    return type == FileType.DIRECTORY;
  }

  /** True for regular files (and named streams, which are file-like). */
  public boolean isFile() {
    return type == FileType.FILE;
  }
}
