package dev.kiln.engine.space;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A set of disjoint byte ranges on one device, adjacent ranges merged. Used both for free space
 * (with a size index, for best-fit allocation) and for recorded allocated space.
 *
 * <p>Adding a range that overlaps the set, or removing one not wholly inside a single range, is an
 * {@link IllegalStateException}: those are double frees or double allocations, and the set is left
 * unchanged.
 */
public final class ExtentSet {

  private record Span(long start, long length) {}

  private static final Comparator<Span> BY_SIZE =
      Comparator.comparingLong(Span::length).thenComparingLong(Span::start);

  private final TreeMap<Long, Long> byStart = new TreeMap<>(); // start -> end (exclusive)
  private final NavigableSet<Span> bySize; // null when no size index is kept
  private long totalBytes;

  /** An empty set; {@code sizeIndexed} keeps a by-size index for {@link #findFit}. */
  public ExtentSet(boolean sizeIndexed) {
    this.bySize = sizeIndexed ? new TreeSet<>(BY_SIZE) : null;
  }

  /** Adds {@code [start, start+length)}, which must not overlap any range in the set. */
  public void add(long start, long length) {
    check(start, length);
    long end = start + length;
    Map.Entry<Long, Long> before = byStart.floorEntry(start);
    if (before != null && before.getValue() > start) {
      throw new IllegalStateException(
          "range [%d, %d) overlaps [%d, %d)"
              .formatted(start, end, before.getKey(), before.getValue()));
    }
    Map.Entry<Long, Long> after = byStart.ceilingEntry(start);
    if (after != null && after.getKey() < end) {
      throw new IllegalStateException(
          "range [%d, %d) overlaps [%d, %d)"
              .formatted(start, end, after.getKey(), after.getValue()));
    }
    long newStart = start;
    long newEnd = end;
    if (before != null && before.getValue() == start) {
      newStart = before.getKey();
      unlink(before.getKey(), before.getValue());
    }
    if (after != null && after.getKey() == end) {
      newEnd = after.getValue();
      unlink(after.getKey(), after.getValue());
    }
    link(newStart, newEnd);
    totalBytes += length;
  }

  /** Removes {@code [start, start+length)}, which must lie wholly inside one range of the set. */
  public void remove(long start, long length) {
    check(start, length);
    long end = start + length;
    Map.Entry<Long, Long> holder = byStart.floorEntry(start);
    if (holder == null || holder.getValue() < end) {
      throw new IllegalStateException(
          "range [%d, %d) is not wholly inside the set".formatted(start, end));
    }
    long hStart = holder.getKey();
    long hEnd = holder.getValue();
    unlink(hStart, hEnd);
    if (hStart < start) {
      link(hStart, start);
    }
    if (end < hEnd) {
      link(end, hEnd);
    }
    totalBytes -= length;
  }

  /** Whether {@code [start, start+length)} lies wholly inside one range. */
  public boolean contains(long start, long length) {
    Map.Entry<Long, Long> holder = byStart.floorEntry(start);
    return holder != null && holder.getValue() >= start + length;
  }

  /** Whether any byte of {@code [start, start+length)} is in the set. */
  public boolean overlaps(long start, long length) {
    Map.Entry<Long, Long> before = byStart.floorEntry(start);
    if (before != null && before.getValue() > start) {
      return true;
    }
    Map.Entry<Long, Long> after = byStart.ceilingEntry(start);
    return after != null && after.getKey() < start + length;
  }

  /**
   * The start of a range of {@code length} bytes: the first range at or after {@code cursor} if it
   * fits (keeps sequential writes contiguous), else the smallest range that fits; -1 if none does.
   * Requires the size index.
   */
  public long findFit(long length, long cursor) {
    Map.Entry<Long, Long> next = byStart.ceilingEntry(cursor);
    if (next != null && next.getValue() - next.getKey() >= length) {
      return next.getKey();
    }
    Map.Entry<Long, Long> around = byStart.floorEntry(cursor);
    if (around != null && around.getValue() - Math.max(cursor, around.getKey()) >= length) {
      return Math.max(cursor, around.getKey());
    }
    Span best = bySize.ceiling(new Span(Long.MIN_VALUE, length));
    return best == null ? -1 : best.start();
  }

  /** Length of the largest range (0 when empty). Requires the size index. */
  public long largest() {
    return bySize.isEmpty() ? 0 : bySize.last().length();
  }

  /** Total bytes in the set. */
  public long totalBytes() {
    return totalBytes;
  }

  /** Number of disjoint ranges. */
  public int rangeCount() {
    return byStart.size();
  }

  /** The ranges in offset order, as {start, length} pairs. */
  public List<long[]> ranges() {
    List<long[]> out = new ArrayList<>(byStart.size());
    byStart.forEach((s, e) -> out.add(new long[] {s, e - s}));
    return out;
  }

  private void link(long start, long end) {
    byStart.put(start, end);
    if (bySize != null) {
      bySize.add(new Span(start, end - start));
    }
  }

  private void unlink(long start, long end) {
    byStart.remove(start);
    if (bySize != null) {
      bySize.remove(new Span(start, end - start));
    }
  }

  private static void check(long start, long length) {
    if (start < 0 || length <= 0 || start + length < start) {
      throw new IllegalArgumentException(
          "invalid range start=%d length=%d".formatted(start, length));
    }
  }
}
