package dev.kiln.testkit.crash;

import dev.kiln.engine.api.io.StorageDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A device that passes every call to another one: tests extend it and override only the call they
 * gate, count or record.
 */
public abstract class ForwardingDevice implements StorageDevice {

  private final StorageDevice inner;

  /** Forwards to {@code inner}. */
  protected ForwardingDevice(StorageDevice inner) {
    this.inner = Objects.requireNonNull(inner, "inner");
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public long size() throws IOException {
    return inner.size();
  }

  @Override
  public void read(long offset, ByteBuffer dst) throws IOException {
    inner.read(offset, dst);
  }

  @Override
  public void write(long offset, ByteBuffer src) throws IOException {
    inner.write(offset, src);
  }

  @Override
  public void flush() throws IOException {
    inner.flush();
  }

  @Override
  public void writeDurable(long offset, ByteBuffer src) throws IOException {
    inner.writeDurable(offset, src);
  }

  @Override
  public void preallocate(long offset, long length) throws IOException {
    inner.preallocate(offset, length);
  }

  @Override
  public boolean prefetch(long offset, long length) {
    return inner.prefetch(offset, length);
  }

  @Override
  public void close() throws IOException {
    inner.close();
  }
}
