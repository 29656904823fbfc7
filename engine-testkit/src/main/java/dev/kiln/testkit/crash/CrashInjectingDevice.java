package dev.kiln.testkit.crash;

import dev.kiln.engine.api.io.StorageDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A memory device with a volatile write cache, modelling exactly what {@link StorageDevice}
 * promises: writes are visible to reads at once but durable only after {@link #flush()}.
 *
 * <p>{@link #crash(Random)} produces the image a power loss could leave: every flushed write is
 * there; every write since the last flush is independently kept, dropped, or torn (a prefix of
 * whole 512-byte sectors kept, the rest lost), applied in issue order.
 */
public final class CrashInjectingDevice implements StorageDevice {

  /** Granularity of torn writes. */
  public static final int SECTOR = 512;

  private record PendingWrite(long offset, byte[] data) {}

  private final String name;
  private final byte[] durable;
  private final byte[] current;
  private final PowerSupply power;
  private final List<PendingWrite> pending = new ArrayList<>();

  /** A device of {@code size} zero bytes on its own power supply. */
  public CrashInjectingDevice(String name, int size) {
    this(name, new byte[size], new PowerSupply());
  }

  /** A device starting from (a copy of) {@code image}, fed by {@code power}. */
  public CrashInjectingDevice(String name, byte[] image, PowerSupply power) {
    this.name = Objects.requireNonNull(name, "name");
    this.durable = image.clone();
    this.current = image.clone();
    this.power = Objects.requireNonNull(power, "power");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long size() {
    return current.length;
  }

  @Override
  public synchronized void read(long offset, ByteBuffer dst) throws IOException {
    power.consume(name, "read");
    checkRange(offset, dst.remaining());
    dst.put(current, (int) offset, dst.remaining());
  }

  @Override
  public synchronized void write(long offset, ByteBuffer src) throws IOException {
    power.consume(name, "write");
    checkRange(offset, src.remaining());
    byte[] data = new byte[src.remaining()];
    src.get(data);
    System.arraycopy(data, 0, current, (int) offset, data.length);
    pending.add(new PendingWrite(offset, data));
  }

  @Override
  public synchronized void flush() throws IOException {
    power.consume(name, "flush");
    for (PendingWrite w : pending) {
      System.arraycopy(w.data(), 0, durable, (int) w.offset(), w.data().length);
    }
    pending.clear();
  }

  @Override
  public void close() {}

  /** Writes issued since the last flush. */
  public synchronized int unflushedWrites() {
    return pending.size();
  }

  /** The image after a power loss now, as a fresh (always-durable) memory device. */
  public synchronized MemoryDevice crash(Random random) {
    byte[] image = durable.clone();
    for (PendingWrite w : pending) {
      int fate = random.nextInt(3);
      int keep =
          switch (fate) {
            case 0 -> w.data().length;
            case 1 -> 0;
            default -> Math.min(w.data().length, random.nextInt(sectors(w.data().length)) * SECTOR);
          };
      System.arraycopy(w.data(), 0, image, (int) w.offset(), keep);
    }
    return new MemoryDevice(name, image);
  }

  /** The image after a power loss now, as a crash-injecting device on {@code power}. */
  public synchronized CrashInjectingDevice crash(Random random, PowerSupply power) {
    return new CrashInjectingDevice(name, crash(random).copyOfImage(), power);
  }

  private static int sectors(int length) {
    return Math.max(1, (length + SECTOR - 1) / SECTOR);
  }

  private void checkRange(long offset, int length) throws IOException {
    if (offset < 0 || offset + length > current.length) {
      throw new IOException(
          "I/O of %d bytes at offset %d is outside %s (%d bytes)"
              .formatted(length, offset, name, current.length));
    }
  }
}
