package dev.kiln.smb.transport;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * Direct buffers for large READ payloads, shared by the server's connections: the engine fills one,
 * and a gathering write hands it to the socket without the copy into a temporary direct buffer that
 * a heap array costs, nor the zeroing of a fresh 8 MiB array per READ.
 *
 * <p>At most {@code limit} buffers exist at once (direct memory is not the heap: it must stay
 * bounded whatever the number of connections); when all are taken, {@link #take} answers null and
 * the READ builds its response on the heap as before. Returned buffers are kept for the next one.
 */
public final class PayloadBuffers {

  private final int capacity;
  private final Semaphore available;
  private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();

  /** A pool of at most {@code limit} buffers of {@code capacity} bytes. */
  public PayloadBuffers(int capacity, int limit) {
    this.capacity = capacity;
    this.available = new Semaphore(limit);
  }

  /** The size of every buffer. */
  public int capacity() {
    return capacity;
  }

  /** A cleared buffer limited to {@code length} bytes, or null if the pool is exhausted. */
  public ByteBuffer take(int length) {
    if (length > capacity || !available.tryAcquire()) {
      return null;
    }
    ByteBuffer b = free.poll();
    if (b == null) {
      b = ByteBuffer.allocateDirect(capacity);
    }
    return b.clear().limit(length);
  }

  /** Gives back a buffer from {@link #take}; null is ignored. */
  public void give(ByteBuffer b) {
    if (b != null) {
      free.add(b);
      available.release();
    }
  }
}
