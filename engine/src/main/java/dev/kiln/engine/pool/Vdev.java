package dev.kiln.engine.pool;

import dev.kiln.engine.api.io.StorageDevice;
import dev.kiln.engine.vdev.DeviceGeometry;
import java.util.concurrent.atomic.AtomicLong;

/** One device of an open pool: its configuration, geometry and error counters. */
final class Vdev {

  final int index;
  final VdevConfig config;
  final StorageDevice device;
  final DeviceGeometry geometry;
  final AtomicLong readErrors = new AtomicLong();
  final AtomicLong writeErrors = new AtomicLong();
  final AtomicLong checksumErrors = new AtomicLong();
  // Where the last read-ahead of a sequential scan ended (see BlockIo#readAhead).
  final AtomicLong readAheadEnd = new AtomicLong();
  // Where the last range the device took as a hint (StorageDevice#prefetch) ended; 0: none yet.
  final AtomicLong hintedEnd = new AtomicLong();

  Vdev(int index, VdevConfig config, StorageDevice device) {
    this.index = index;
    this.config = config;
    this.device = device;
    this.geometry = new DeviceGeometry(config.asize());
  }

  DeviceErrorCounts counts() {
    return new DeviceErrorCounts(
        index, device.name(), readErrors.get(), writeErrors.get(), checksumErrors.get());
  }
}
