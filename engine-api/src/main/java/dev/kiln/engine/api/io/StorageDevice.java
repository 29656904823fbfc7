package dev.kiln.engine.api.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Raw storage a pool lives on: a file or a block device.
 *
 * <p>Writes are volatile until {@link #flush()} returns: a power loss may drop or tear any write
 * not yet flushed. The engine's crash-safety argument rests on exactly this contract, and the
 * testkit's crash injector simulates it.
 */
public interface StorageDevice extends Closeable {

  /** A short name for messages and labels, such as a file path. */
  String name();

  /** Usable size in bytes. */
  long size() throws IOException;

  /** Reads exactly {@code dst.remaining()} bytes at {@code offset}; short reads are errors. */
  void read(long offset, ByteBuffer dst) throws IOException;

  /** Writes all of {@code src} at {@code offset}; durable only after the next flush. */
  void write(long offset, ByteBuffer src) throws IOException;

  /** A barrier: every write that returned before this call is durable when it returns. */
  void flush() throws IOException;

  /**
   * Writes all of {@code src} at {@code offset} and returns once that write is durable (earlier
   * writes need not be: the default writes and flushes, which makes them durable too). Devices that
   * can make one write durable without flushing everything (a file opened O_DIRECT|O_DSYNC)
   * override it; the intent log, whose blocks are self-contained, commits with it.
   */
  default void writeDurable(long offset, ByteBuffer src) throws IOException {
    write(offset, src);
    flush();
  }

  /**
   * Backs the free range with written storage ahead of durable writes there, overwriting it with
   * zeros where it must: a sparse file allocates its holes now, so a later {@link #writeDurable}
   * into the range need not also make the file system's block allocation durable. Devices without
   * holes ignore it (the default). Only for ranges that hold nothing of value.
   */
  default void preallocate(long offset, long length) throws IOException {}

  /**
   * Hints that {@code [offset, offset + length)} will be read soon, so that the operating system
   * can fetch it without a copy into this process; returns whether the hint was given. The default
   * gives none (false), and the caller may then read ahead itself. Never fails: only a hint.
   */
  default boolean prefetch(long offset, long length) {
    return false;
  }
}
