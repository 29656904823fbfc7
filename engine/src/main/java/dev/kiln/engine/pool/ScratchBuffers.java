package dev.kiln.engine.pool;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct buffers that device reads land in before verification. A read into a heap buffer makes the
 * JDK copy through a temporary direct buffer of its own, and a fresh heap array per block read was
 * a large share of a sequential read's allocation; reusing direct buffers avoids both. Buffers come
 * in power-of-two sizes from 4 KiB to 1 MiB, at most {@value #PER_SIZE} kept per size; larger reads
 * (rare: records above 1 MiB) get a heap buffer of their own.
 */
final class ScratchBuffers {

  private static final int MIN_SHIFT = 12;
  private static final int MAX_SHIFT = 20;
  private static final int PER_SIZE = 64;

  /** The kept buffers of one size and their count. */
  private record Bucket(ConcurrentLinkedDeque<ByteBuffer> free, AtomicInteger kept) {}

  private static final Bucket[] BUCKETS = new Bucket[MAX_SHIFT - MIN_SHIFT + 1];

  static {
    for (int i = 0; i < BUCKETS.length; i++) {
      BUCKETS[i] = new Bucket(new ConcurrentLinkedDeque<>(), new AtomicInteger());
    }
  }

  private ScratchBuffers() {}

  /**
   * A buffer of at least {@code size} bytes, cleared; give it back with {@link Lease#release()}.
   */
  static Lease lease(int size) {
    if (size > 1 << MAX_SHIFT) {
      return new Lease(ByteBuffer.allocate(size), -1);
    }
    int shift = Math.max(MIN_SHIFT, 32 - Integer.numberOfLeadingZeros(Math.max(1, size) - 1));
    int bucket = shift - MIN_SHIFT;
    ByteBuffer b = BUCKETS[bucket].free().pollFirst();
    if (b == null) {
      b = ByteBuffer.allocateDirect(1 << shift);
    } else {
      BUCKETS[bucket].kept().decrementAndGet();
    }
    return new Lease(b.clear(), bucket);
  }

  /** A leased buffer; {@link #release()} at most once, and do not use the buffer afterwards. */
  record Lease(ByteBuffer buffer, int bucket) {

    /** Hands the buffer back for reuse (or drops it when enough of its size are kept). */
    void release() {
      if (bucket < 0) {
        return;
      }
      Bucket b = BUCKETS[bucket];
      if (b.kept().incrementAndGet() <= PER_SIZE) {
        b.free().offerFirst(buffer);
      } else {
        b.kept().decrementAndGet();
      }
    }
  }
}
