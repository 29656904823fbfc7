/**
 * The daemon's view of storage: the pools of the data directory (remembered in {@code pools.json}),
 * opened through the engine provider for `kiln serve` and for local commands.
 */
package dev.kiln.daemon.storage;
