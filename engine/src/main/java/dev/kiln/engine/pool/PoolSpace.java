package dev.kiln.engine.pool;

/**
 * Pool-level space figures.
 *
 * @param capacityBytes allocatable bytes over all devices
 * @param freeBytes bytes allocatable now
 * @param deferredBytes bytes freed but not reusable until a later txg is synced
 * @param reservedBytes part of the free bytes kept for metadata
 */
public record PoolSpace(
    long capacityBytes, long freeBytes, long deferredBytes, long reservedBytes) {

  /** Bytes in use by blocks (everything neither free nor deferred). */
  public long allocatedBytes() {
    return capacityBytes - freeBytes - deferredBytes;
  }
}
