package dev.kiln.engine.api.fs;

/**
 * Fixed limits of a file system, for NFS PATHCONF/FSINFO and SMB file system information.
 *
 * @param maxNameBytes longest entry, xattr or stream name in UTF-8 bytes (255)
 * @param maxFileSize largest file size and end offset of any write
 * @param maxLinks largest hard link count
 * @param maxSymlinkBytes longest symlink target in UTF-8 bytes
 * @param maxXattrValueBytes largest extended attribute value
 */
public record FsLimits(
    int maxNameBytes, long maxFileSize, int maxLinks, int maxSymlinkBytes, int maxXattrValueBytes) {

  /** The limits Kiln datasets use by default. */
  public static FsLimits defaults() {
    return new FsLimits(255, Long.MAX_VALUE >> 1, 65_000, 4095, 65_536);
  }
}
