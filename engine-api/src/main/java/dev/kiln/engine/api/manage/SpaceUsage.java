package dev.kiln.engine.api.manage;

/**
 * Space accounting of a dataset (zfs used/referenced/available family).
 *
 * @param used bytes charged to the dataset, its snapshots and children
 * @param referenced bytes reachable from the dataset's head (shared with snapshots or not)
 * @param available bytes the dataset can still grow by (quotas, reservations and pool free)
 * @param usedBySnapshots bytes freed if all its snapshots were destroyed
 * @param usedByDataset bytes freed if the head (not snapshots or children) were destroyed
 * @param usedByChildren bytes used by descendant datasets
 * @param logicalUsed {@code used} before compression
 * @param logicalReferenced {@code referenced} before compression
 * @param compressRatio logical to physical ratio of referenced data (1.0 when uncompressed)
 */
public record SpaceUsage(
    long used,
    long referenced,
    long available,
    long usedBySnapshots,
    long usedByDataset,
    long usedByChildren,
    long logicalUsed,
    long logicalReferenced,
    double compressRatio) {}
