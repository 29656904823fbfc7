package dev.kiln.testkit.memory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;

/**
 * File content as a sparse map of fixed-size pages; absent pages are holes and read as zeros.
 *
 * <p>Invariant: every byte at or beyond {@link #size()} inside a present page is zero, so extending
 * the size never exposes old data.
 */
final class SparseBytes {

  static final int PAGE = 4096;

  private final TreeMap<Long, byte[]> pages = new TreeMap<>();
  private long size;

  long size() {
    return size;
  }

  int pageCount() {
    return pages.size();
  }

  /** Pages in [offset, offset+length) that are not allocated yet. */
  long missingPages(long offset, long length) {
    if (length <= 0) {
      return 0;
    }
    long first = offset / PAGE;
    long last = (offset + length - 1) / PAGE;
    long present = pages.subMap(first, true, last, true).size();
    return (last - first + 1) - present;
  }

  int read(long offset, ByteBuffer dst) {
    if (offset >= size) {
      return 0;
    }
    int n = (int) Math.min(dst.remaining(), size - offset);
    int done = 0;
    while (done < n) {
      long pos = offset + done;
      int inPage = (int) (pos % PAGE);
      int chunk = Math.min(n - done, PAGE - inPage);
      byte[] page = pages.get(pos / PAGE);
      if (page == null) {
        for (int i = 0; i < chunk; i++) {
          dst.put((byte) 0);
        }
      } else {
        dst.put(page, inPage, chunk);
      }
      done += chunk;
    }
    return n;
  }

  void write(long offset, ByteBuffer src) {
    int n = src.remaining();
    int done = 0;
    while (done < n) {
      long pos = offset + done;
      int inPage = (int) (pos % PAGE);
      int chunk = Math.min(n - done, PAGE - inPage);
      byte[] page = pages.computeIfAbsent(pos / PAGE, k -> new byte[PAGE]);
      src.get(page, inPage, chunk);
      done += chunk;
    }
    size = Math.max(size, offset + n);
  }

  void truncate(long newSize) {
    if (newSize < size) {
      pages.tailMap((newSize + PAGE - 1) / PAGE, true).clear();
      zero(newSize, Math.min(size, ((newSize / PAGE) + 1) * PAGE) - newSize);
    }
    size = newSize;
  }

  void allocate(long offset, long length) {
    for (long p = offset / PAGE; p <= (offset + length - 1) / PAGE; p++) {
      pages.computeIfAbsent(p, k -> new byte[PAGE]);
    }
  }

  void punch(long offset, long length) {
    long end = offset + length;
    long firstFull = (offset + PAGE - 1) / PAGE;
    long endFull = end / PAGE;
    if (firstFull < endFull) {
      pages.subMap(firstFull, true, endFull, false).clear();
      zero(offset, firstFull * PAGE - offset);
      zero(endFull * PAGE, end - endFull * PAGE);
    } else {
      zero(offset, length);
    }
  }

  private void zero(long offset, long length) {
    long done = 0;
    while (done < length) {
      long pos = offset + done;
      int inPage = (int) (pos % PAGE);
      int chunk = (int) Math.min(length - done, PAGE - inPage);
      byte[] page = pages.get(pos / PAGE);
      if (page != null) {
        java.util.Arrays.fill(page, inPage, inPage + chunk, (byte) 0);
      }
      done += chunk;
    }
  }

  SparseBytes copy() {
    SparseBytes c = new SparseBytes();
    for (Map.Entry<Long, byte[]> e : new ArrayList<>(pages.entrySet())) {
      c.pages.put(e.getKey(), e.getValue().clone());
    }
    c.size = size;
    return c;
  }
}
