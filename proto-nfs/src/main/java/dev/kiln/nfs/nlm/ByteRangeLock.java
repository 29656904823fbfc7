package dev.kiln.nfs.nlm;

/**
 * A granted byte-range lock, {@code [start, end)} with {@code end} Long.MAX_VALUE for "to the end
 * of the file" (NLM length 0).
 *
 * @param owner who holds it
 * @param start first byte
 * @param end one past the last byte
 * @param exclusive write lock (true) or read lock
 */
public record ByteRangeLock(LockOwner owner, long start, long end, boolean exclusive) {

  /** The range of an NLM offset and length (0 = to the end; an overflow also means the end). */
  public static long end(long offset, long length) {
    if (length == 0) {
      return Long.MAX_VALUE;
    }
    long e = offset + length;
    return e < 0 || e < offset ? Long.MAX_VALUE : e;
  }

  /** True when the ranges overlap. */
  public boolean overlaps(long otherStart, long otherEnd) {
    return start < otherEnd && otherStart < end;
  }

  /** True when a request by {@code other} for the range conflicts with this lock. */
  public boolean conflicts(
      LockOwner other, long otherStart, long otherEnd, boolean otherExclusive) {
    return !owner.equals(other) && overlaps(otherStart, otherEnd) && (exclusive || otherExclusive);
  }
}
