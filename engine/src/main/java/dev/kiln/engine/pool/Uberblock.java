package dev.kiln.engine.pool;

import dev.kiln.engine.block.BlockPointer;

/**
 * The root of one committed pool state. The newest valid uberblock across all labels is the pool's
 * state; everything it does not reach is free space.
 *
 * @param version format version
 * @param poolGuid the pool it belongs to (stale uberblocks of an earlier pool are ignored)
 * @param txg the transaction group it commits
 * @param timestampMillis commit time from the pool's clock, epoch milliseconds
 * @param guidSum sum of the device guids, ties it to the device set
 * @param spaceMapHead head of the space map log, or null before the first commit
 * @param metaRoot root of the layer above ("meta object"), or null when none was set
 */
public record Uberblock(
    int version,
    long poolGuid,
    long txg,
    long timestampMillis,
    long guidSum,
    BlockPointer spaceMapHead,
    BlockPointer metaRoot) {}
