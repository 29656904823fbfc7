package dev.kiln.iscsi.target;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Reusable heap arrays for the data of large WRITE commands on one connection. A fresh megabyte per
 * 1 MiB WRITE was zeroed by the JVM, faulted in as the heap grew and collected a second later; the
 * volume takes heap bytes without a copy, so the arrays are heap, not direct.
 *
 * <p>Per connection on purpose: only the connection's reader takes arrays and places Data-Out into
 * them, so a Data-Out that arrives for a task just finishing (an initiator's protocol error) can
 * only land in an array of this connection's tasks, never in another initiator's data.
 */
final class WriteBuffers {

  /** The size of every pooled array; smaller and larger transfers allocate their own. */
  static final int ARRAY_BYTES = 1 << 20;

  /** Transfers of at most this size allocate their own: they are cheap, and may be gathered. */
  static final int MIN_POOLED = 64 << 10;

  /** Arrays kept at most (the writes a qemu-img bench or a Linux initiator keeps in flight). */
  private static final int MAX_KEPT = 8;

  private final ConcurrentLinkedDeque<byte[]> free = new ConcurrentLinkedDeque<>();

  /** A buffer of exactly {@code bytes} capacity (position 0), pooled when the size suits. */
  ByteBuffer acquire(int bytes) {
    if (bytes <= MIN_POOLED || bytes > ARRAY_BYTES) {
      return ByteBuffer.allocate(bytes);
    }
    byte[] array = free.pollFirst();
    if (array == null) {
      array = new byte[ARRAY_BYTES];
    }
    return ByteBuffer.wrap(array).slice(0, bytes);
  }

  /**
   * Takes back a buffer from {@link #acquire} once nothing reads or writes it any more (its task is
   * done and forgotten); others are ignored.
   */
  void release(ByteBuffer buffer) {
    if (buffer.hasArray()
        && buffer.array().length == ARRAY_BYTES
        && buffer.capacity() > MIN_POOLED
        && free.size() < MAX_KEPT) {
      free.offerFirst(buffer.array());
    }
  }
}
