package dev.kiln.engine.pool;

/**
 * Error counters of one device, as {@code zpool status} shows them.
 *
 * @param vdev device index
 * @param device device name
 * @param readErrors failed device reads
 * @param writeErrors failed device writes and flushes
 * @param checksumErrors blocks, labels or uberblocks that failed verification
 */
public record DeviceErrorCounts(
    int vdev, String device, long readErrors, long writeErrors, long checksumErrors) {}
