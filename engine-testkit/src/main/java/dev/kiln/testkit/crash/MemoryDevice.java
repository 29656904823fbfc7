package dev.kiln.testkit.crash;

import dev.kiln.engine.api.io.StorageDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A {@link dev.kiln.engine.api.io.StorageDevice} held in a byte array. Every write is durable at
 * once (use {@link CrashInjectingDevice} to model volatile writes). Tests corrupt it with {@link
 * #flipBit}.
 */
public final class MemoryDevice implements StorageDevice {

  private final String name;
  private final byte[] image;

  /** A zero-filled device of {@code size} bytes. */
  public MemoryDevice(String name, int size) {
    this(name, new byte[size]);
  }

  /** A device whose contents are {@code image} (not copied). */
  public MemoryDevice(String name, byte[] image) {
    this.name = Objects.requireNonNull(name, "name");
    this.image = Objects.requireNonNull(image, "image");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long size() {
    return image.length;
  }

  @Override
  public synchronized void read(long offset, ByteBuffer dst) throws IOException {
    checkRange(offset, dst.remaining());
    dst.put(image, (int) offset, dst.remaining());
  }

  @Override
  public synchronized void write(long offset, ByteBuffer src) throws IOException {
    checkRange(offset, src.remaining());
    src.get(image, (int) offset, src.remaining());
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  /** Inverts bit {@code bit} (0..7) of the byte at {@code offset}. */
  public synchronized void flipBit(long offset, int bit) {
    image[Math.toIntExact(offset)] ^= (byte) (1 << bit);
  }

  /** A copy of the contents. */
  public synchronized byte[] copyOfImage() {
    return image.clone();
  }

  private void checkRange(long offset, int length) throws IOException {
    if (offset < 0 || offset + length > image.length) {
      throw new IOException(
          "I/O of %d bytes at offset %d is outside %s (%d bytes)"
              .formatted(length, offset, name, image.length));
    }
  }

  @Override
  public String toString() {
    return "MemoryDevice[" + name + ", " + image.length + " bytes]";
  }
}
