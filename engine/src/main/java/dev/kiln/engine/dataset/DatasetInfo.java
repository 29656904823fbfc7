package dev.kiln.engine.dataset;

import dev.kiln.engine.api.manage.DatasetType;
import java.time.Instant;

/**
 * A dataset's identity as listed.
 *
 * @param name full name
 * @param guid 64-bit guid (unchanged by rename)
 * @param type filesystem or volume
 * @param creationTxg txg of creation
 * @param creation creation time
 * @param origin full name of the origin snapshot for a clone, else null
 */
public record DatasetInfo(
    String name, long guid, DatasetType type, long creationTxg, Instant creation, String origin) {}
