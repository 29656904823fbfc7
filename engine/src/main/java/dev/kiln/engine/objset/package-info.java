/**
 * The seam between the object layer (file systems and volumes built on one B+tree) and the dataset
 * layer (datasets, snapshots, deadlists, space accounting, transaction groups, intent logs).
 *
 * <p>Layering, bottom up: {@code vdev} and {@code space} (devices, allocation) → {@code pool}
 * (labels, uberblocks, txg sync, checksummed {@code block}s) → {@code tree} (copy-on-write B+tree)
 * → {@code objset} (this seam) → {@code fs}, {@code volume} (inode and block semantics) and {@code
 * dataset} (the dataset directory, snapshots, clones, properties). A layer never reaches up.
 */
package dev.kiln.engine.objset;
