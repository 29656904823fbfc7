package dev.kiln.engine.api.manage;

import java.nio.file.Path;

/**
 * A device to build a pool on.
 *
 * @param path a file (created sparse if missing) or a block device
 * @param sizeBytes size of a file to create, or 0 to use the existing file or device size
 */
public record VdevSpec(Path path, long sizeBytes) {}
