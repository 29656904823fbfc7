package dev.kiln.engine.space;

/**
 * A fixed region of one device with its own free-extent map and allocation cursor. Splitting a
 * device into slabs keeps each map small and lets allocation skip full regions quickly.
 */
final class Slab {

  private final long start;
  private final long end;
  private final ExtentSet free = new ExtentSet(true);
  private long cursor;

  Slab(long start, long end) {
    this.start = start;
    this.end = end;
    this.cursor = start;
    free.add(start, end - start);
  }

  long start() {
    return start;
  }

  long end() {
    return end;
  }

  /** Allocates {@code length} bytes; returns the offset or -1. */
  long allocate(long length) {
    if (free.largest() < length) {
      return -1;
    }
    long offset = free.findFit(length, cursor);
    if (offset < 0) {
      return -1;
    }
    free.remove(offset, length);
    cursor = offset + length;
    return offset;
  }

  void release(long offset, long length) {
    free.add(offset, length);
  }

  void reserve(long offset, long length) {
    free.remove(offset, length);
  }

  boolean isFree(long offset, long length) {
    return free.contains(offset, length);
  }

  boolean anyFree(long offset, long length) {
    return free.overlaps(offset, length);
  }

  long freeBytes() {
    return free.totalBytes();
  }

  long largestFree() {
    return free.largest();
  }
}
