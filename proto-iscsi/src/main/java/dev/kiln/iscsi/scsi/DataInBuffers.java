package dev.kiln.iscsi.scsi;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reusable direct buffers for large READ data. The volume fills one, the transport writes it to the
 * socket straight from native memory (a heap buffer would be copied into a temporary direct buffer
 * on every socket write), then hands it back; a megabyte per READ no longer churns the heap.
 * Bounded: past {@value #MAX_POOLED} buffers a READ gets a heap buffer as before.
 */
final class DataInBuffers {

  /** The size of every pooled buffer; larger transfers use the heap. */
  static final int BUFFER_BYTES = 1 << 20;

  private static final int MAX_POOLED = 16;

  private final ConcurrentLinkedDeque<ByteBuffer> free = new ConcurrentLinkedDeque<>();
  private final AtomicInteger created = new AtomicInteger();

  /** A buffer with position 0 and limit {@code bytes} (at most {@link #BUFFER_BYTES}). */
  ByteBuffer acquire(int bytes) {
    if (bytes > BUFFER_BYTES) {
      return ByteBuffer.allocate(bytes);
    }
    ByteBuffer b = free.pollFirst();
    if (b == null) {
      if (created.incrementAndGet() > MAX_POOLED) {
        created.decrementAndGet();
        return ByteBuffer.allocate(bytes);
      }
      b = ByteBuffer.allocateDirect(BUFFER_BYTES);
    }
    return b.clear().limit(bytes);
  }

  /**
   * Takes back a buffer from {@link #acquire} once nothing reads it any more; others are ignored.
   */
  void release(ByteBuffer b) {
    if (b.isDirect() && b.capacity() == BUFFER_BYTES && free.size() < MAX_POOLED) {
      free.offerFirst(b);
    }
  }
}
