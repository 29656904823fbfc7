package dev.kiln.engine.pool;

import dev.kiln.engine.block.BlockPointer;

/**
 * One problem a scrub found.
 *
 * @param vdev device index
 * @param pointer the damaged block, or null for a label or uberblock
 * @param message what is wrong
 */
public record ScrubError(int vdev, BlockPointer pointer, String message) {}
