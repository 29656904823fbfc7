package dev.kiln.engine.vdev;

import dev.kiln.engine.api.io.StorageDevice;
import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link StorageDevice} over a file or a block device, using positional {@link FileChannel} I/O
 * (thread-safe, no shared file position) and {@code force(false)} as the flush barrier: data is
 * what matters for the pool, file metadata (mtime) is not.
 */
public final class FileDevice implements StorageDevice {

  private final Path path;
  private final FileChannel channel;
  private final long size;

  private FileDevice(Path path, FileChannel channel, long size) {
    this.path = path;
    this.channel = channel;
    this.size = size;
  }

  /** Creates a new sparse file of {@code size} bytes; fails if the file exists. */
  public static FileDevice create(Path path, long size) throws IOException {
    if (size <= 0) {
      throw new IllegalArgumentException("device size must be positive: " + size);
    }
    FileChannel channel =
        FileChannel.open(
            path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
      // setLength extends without writing: the file stays sparse until blocks are written.
      file.setLength(size);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return new FileDevice(path, channel, size);
  }

  /** Opens an existing file (its current length is the size) or block device. */
  public static FileDevice open(Path path) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    long size = channel.size();
    if (size == 0 && !Files.isRegularFile(path)) {
      channel.close();
      throw new IOException(
          path + " reports size 0 (a block device?); open it with an explicit size");
    }
    return new FileDevice(path, channel, size);
  }

  /** Opens a file or block device whose usable size is given explicitly. */
  public static FileDevice open(Path path, long size) throws IOException {
    if (size <= 0) {
      throw new IllegalArgumentException("device size must be positive: " + size);
    }
    return new FileDevice(
        path, FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE), size);
  }

  @Override
  public String name() {
    return path.toString();
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public void read(long offset, ByteBuffer dst) throws IOException {
    checkRange(offset, dst.remaining());
    long position = offset;
    while (dst.hasRemaining()) {
      int n = channel.read(dst, position);
      if (n < 0) {
        throw new EOFException(
            "short read on %s at offset %d: %d bytes missing"
                .formatted(path, position, dst.remaining()));
      }
      position += n;
    }
  }

  @Override
  public void write(long offset, ByteBuffer src) throws IOException {
    checkRange(offset, src.remaining());
    long position = offset;
    while (src.hasRemaining()) {
      position += channel.write(src, position);
    }
  }

  @Override
  public void flush() throws IOException {
    channel.force(false);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private void checkRange(long offset, int length) throws IOException {
    if (offset < 0 || offset + length > size) {
      throw new IOException(
          "I/O of %d bytes at offset %d is outside %s (%d bytes)"
              .formatted(length, offset, path, size));
    }
  }

  @Override
  public String toString() {
    return "FileDevice[" + path + ", " + size + " bytes]";
  }
}
