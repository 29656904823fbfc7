package dev.kiln.nfs.export;

import java.time.Instant;

/**
 * A snapshot as {@code .zfs/snapshot} lists it.
 *
 * @param name the short name (after the {@code @})
 * @param guid the snapshot's file system guid
 * @param creation when it was taken
 */
public record SnapshotEntry(String name, long guid, Instant creation) {}
