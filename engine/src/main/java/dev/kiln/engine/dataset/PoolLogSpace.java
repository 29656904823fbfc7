package dev.kiln.engine.dataset;

import dev.kiln.engine.api.io.StorageDevice;
import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.Compression;
import dev.kiln.engine.pool.Pool;
import dev.kiln.engine.zil.LogSpace;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Log space on the pool: a reservation is an allocated but unwritten extent, so the allocator and
 * space maps account for it; the log then writes its self-checksummed contents into that extent
 * directly on the device (until then it holds whatever was there before, which recovery rejects:
 * wrong chain id, block number or checksum). Reservations are never read through the pool's store.
 */
final class PoolLogSpace implements LogSpace {

  private final Pool pool;
  private final List<StorageDevice> devices;
  private final int sector;

  PoolLogSpace(Pool pool, List<StorageDevice> devicesByVdev, int ashift) {
    this.pool = pool;
    this.devices = List.copyOf(devicesByVdev);
    this.sector = 1 << ashift;
  }

  @Override
  public BlockPointer reserve(int bytes, long txg) throws IOException {
    try {
      return pool.reserveLogBlock(bytes, txg);
    } catch (dev.kiln.engine.space.OutOfSpaceException e) {
      // The front ends see the engine's status (NFS NOSPC), not the allocator's internals.
      throw new dev.kiln.engine.api.error.NoSpaceException(
          "pool is full: no room for the intent log", e);
    }
  }

  @Override
  public void write(BlockPointer reserved, ByteBuffer data) throws IOException {
    device(reserved).write(reserved.offset(), padded(reserved, data));
  }

  /**
   * Writes each block durably in one step where the device can (O_DIRECT|O_DSYNC on a file: one
   * device round trip instead of a write plus a whole-file flush), else writes and flushes.
   */
  @Override
  public void writeDurably(List<BlockWrite> writes) throws IOException {
    for (BlockWrite w : writes) {
      device(w.block()).writeDurable(w.block().offset(), padded(w.block(), w.data()));
    }
  }

  private ByteBuffer padded(BlockPointer reserved, ByteBuffer data) {
    int len = data.remaining();
    int padded = (len + sector - 1) / sector * sector;
    if (padded > reserved.physicalSize() || reserved.compression() != Compression.OFF.id()) {
      throw new IllegalArgumentException(
          "%d bytes do not fit the log reservation %s".formatted(len, reserved));
    }
    ByteBuffer buf = ByteBuffer.allocate(padded);
    buf.put(data).clear();
    return buf;
  }

  @Override
  public ByteBuffer read(BlockPointer reserved) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(reserved.physicalSize());
    device(reserved).read(reserved.offset(), buf);
    return buf.flip();
  }

  @Override
  public void flush() throws IOException {
    for (StorageDevice d : devices) {
      d.flush();
    }
  }

  private StorageDevice device(BlockPointer bp) throws IOException {
    if (bp.vdev() < 0 || bp.vdev() >= devices.size()) {
      throw new IOException("log block on unknown vdev " + bp.vdev());
    }
    return devices.get(bp.vdev());
  }
}
