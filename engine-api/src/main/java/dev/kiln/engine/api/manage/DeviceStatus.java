package dev.kiln.engine.api.manage;

/**
 * One device (vdev) of a pool and its error counters since import.
 *
 * @param name path or device name
 * @param health device state
 * @param readErrors I/O errors on read
 * @param writeErrors I/O errors on write
 * @param checksumErrors blocks that failed checksum verification
 */
public record DeviceStatus(
    String name, PoolHealth health, long readErrors, long writeErrors, long checksumErrors) {}
