package dev.kiln.engine.space;

import java.util.ArrayList;
import java.util.List;

/** The allocatable region of one device, split into {@link Slab}s. */
final class VdevSpace {

  /** Largest slab: big enough that a device has few slabs, small enough to scan one quickly. */
  static final long MAX_SLAB_SIZE = 256L << 20;

  /** Smallest slab. */
  static final long MIN_SLAB_SIZE = 1L << 20;

  private final int vdev;
  private final long start;
  private final long end;
  private final long slabSize;
  private final List<Slab> slabs = new ArrayList<>();
  private int current;

  VdevSpace(int vdev, long start, long end) {
    this.vdev = vdev;
    this.start = start;
    this.end = end;
    this.slabSize = slabSizeFor(end - start);
    for (long s = start; s < end; s += slabSize) {
      slabs.add(new Slab(s, Math.min(end, s + slabSize)));
    }
  }

  /** About 64 slabs per device, a power of two between 1 MiB and 256 MiB. */
  static long slabSizeFor(long bytes) {
    long target = Long.highestOneBit(Math.max(1, bytes / 64));
    return Math.clamp(target, MIN_SLAB_SIZE, MAX_SLAB_SIZE);
  }

  int vdev() {
    return vdev;
  }

  long capacity() {
    return end - start;
  }

  long slabSize() {
    return slabSize;
  }

  int slabCount() {
    return slabs.size();
  }

  long freeBytes() {
    long sum = 0;
    for (Slab slab : slabs) {
      sum += slab.freeBytes();
    }
    return sum;
  }

  /**
   * Allocates from the current slab, moving on to the next that can fit, and takes the log slab
   * only when no other slab can; -1 if none can.
   */
  long allocate(long length) {
    int first = slabs.size() > 1 ? 1 : 0;
    int count = slabs.size() - first;
    for (int i = 0; i < count; i++) {
      int index = first + Math.floorMod(current - first + i, count);
      long offset = slabs.get(index).allocate(length);
      if (offset >= 0) {
        current = index;
        return offset;
      }
    }
    return first == 1 ? slabs.get(0).allocate(length) : -1;
  }

  /** Allocates an intent-log block: from the log slab while it has room, else like any block. */
  long allocateLog(long length) {
    long offset = slabs.get(0).allocate(length);
    return offset >= 0 ? offset : allocate(length);
  }

  /**
   * The log slab, the first slab of the device, where intent-log blocks go first: log blocks are
   * short-lived, so they keep cycling through one region that stays written on a sparse file (see
   * {@link SpaceAllocator#logRegion}). The whole device when it has one slab.
   */
  Extent logRegion() {
    Slab slab = slabs.get(0);
    return new Extent(vdev, slab.start(), slab.end() - slab.start());
  }

  void release(long offset, long length) {
    forEachPiece(offset, length, (slab, o, l) -> slab.release(o, l));
  }

  void reserve(long offset, long length) {
    forEachPiece(offset, length, (slab, o, l) -> slab.reserve(o, l));
  }

  boolean isFree(long offset, long length) {
    boolean[] all = {true};
    forEachPiece(offset, length, (slab, o, l) -> all[0] &= slab.isFree(o, l));
    return all[0];
  }

  boolean anyFree(long offset, long length) {
    boolean[] any = {false};
    forEachPiece(offset, length, (slab, o, l) -> any[0] |= slab.anyFree(o, l));
    return any[0];
  }

  private interface PieceAction {
    void apply(Slab slab, long offset, long length);
  }

  /** Splits a range at slab boundaries: recorded ranges merge across them. */
  private void forEachPiece(long offset, long length, PieceAction action) {
    if (offset < start || offset + length > end || length <= 0) {
      throw new IllegalStateException(
          "range [%d, %d) is outside vdev %d's allocatable region [%d, %d)"
              .formatted(offset, offset + length, vdev, start, end));
    }
    long pos = offset;
    long stop = offset + length;
    while (pos < stop) {
      Slab slab = slabs.get((int) ((pos - start) / slabSize));
      long pieceEnd = Math.min(stop, slab.end());
      action.apply(slab, pos, pieceEnd - pos);
      pos = pieceEnd;
    }
  }
}
