package dev.kiln.engine.api.manage;

/**
 * Raw pool space.
 *
 * @param sizeBytes total usable device space
 * @param allocatedBytes bytes allocated to blocks
 * @param freeBytes bytes not allocated
 */
public record PoolCapacity(long sizeBytes, long allocatedBytes, long freeBytes) {}
