package dev.kiln.smb.share;

import java.time.Instant;

/**
 * A snapshot of a shared dataset, reachable as a previous version.
 *
 * @param name the snapshot's short name (after the {@code @})
 * @param creation when it was taken; its @GMT token ([MS-SMB2] 2.2.13.2.7)
 */
public record SnapshotEntry(String name, Instant creation) {}
