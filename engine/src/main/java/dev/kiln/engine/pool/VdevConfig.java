package dev.kiln.engine.pool;

/**
 * One device of the pool as the labels describe it.
 *
 * @param guid random identity of the device, written into its own label
 * @param asize usable size fixed at creation (labels at the end are placed from it)
 */
public record VdevConfig(long guid, long asize) {}
