package dev.kiln.smb.state;

/**
 * One granted byte-range lock ([MS-SMB2] 2.2.26.1).
 *
 * @param open the open holding it
 * @param offset first byte
 * @param length number of bytes (0 locks nothing but still must be unlocked)
 * @param exclusive exclusive (write) or shared (read)
 */
public record ByteRangeLock(Open open, long offset, long length, boolean exclusive) {

  /** Whether the ranges share a byte; zero-length ranges overlap nothing. */
  public boolean overlaps(long off, long len) {
    if (length == 0 || len == 0) {
      return false;
    }
    long end = offset + length - 1;
    long otherEnd = off + len - 1;
    return Long.compareUnsigned(offset, otherEnd) <= 0 && Long.compareUnsigned(off, end) <= 0;
  }
}
