package dev.kiln.engine.dataset;

import java.time.Instant;
import java.util.Set;

/**
 * A snapshot as listed.
 *
 * @param name full name {@code dataset@snap}
 * @param guid 64-bit guid
 * @param txg txg it was taken in
 * @param creation when it was taken
 * @param holds hold tags
 * @param referenced bytes reachable from it
 * @param used bytes only it holds (freed if it alone were destroyed)
 * @param clones number of clones of it
 */
public record SnapshotInfo(
    String name,
    long guid,
    long txg,
    Instant creation,
    Set<String> holds,
    long referenced,
    long used,
    int clones) {}
