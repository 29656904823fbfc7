/**
 * Block layer: immutable, checksummed, optionally compressed blocks addressed by {@link
 * dev.kiln.engine.block.BlockPointer}. Everything above (trees, object sets, datasets) is built
 * from these; everything below (allocation, devices, transaction groups) is hidden behind {@link
 * dev.kiln.engine.block.BlockStore}.
 */
package dev.kiln.engine.block;
