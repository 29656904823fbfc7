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

  /**
   * Overlap as [MS-FSA] 2.1.4.10 computes it for lock requests: the last byte of a range is {@code
   * offset + length - 1} in unsigned arithmetic, so a zero-length range at X meets a lock that
   * holds both X - 1 and X; a lock over {0, 0} meets nothing.
   */
  public boolean touches(long off, long len) {
    if (offset == 0 && length == 0) {
      return false;
    }
    long last = offset + length - 1;
    long otherLast = off + len - 1;
    return Long.compareUnsigned(off, last) <= 0 && Long.compareUnsigned(otherLast, offset) >= 0;
  }
}
