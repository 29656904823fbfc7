/**
 * Local storage commands modelled on zpool/zfs: {@code kiln pool}, {@code dataset}, {@code
 * snapshot}, {@code clone}. They open the data directory's pools in-process through a {@link
 * dev.kiln.cli.storage.StorageAccess} the daemon module supplies, so the CLI depends on {@code
 * engine-api} only. While a daemon runs, the pools are its: these commands refuse and say so.
 */
package dev.kiln.cli.storage;
