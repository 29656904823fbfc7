/**
 * Devices a pool lives on, and where things sit on each.
 *
 * <p>{@link dev.kiln.engine.vdev.FileDevice} is the production {@link
 * dev.kiln.engine.api.io.StorageDevice}: a (sparse) file or a block device accessed with positional
 * {@link java.nio.channels.FileChannel} I/O, {@code force(false)} as the flush barrier. Nothing is
 * durable before a flush returns; the pool's commit protocol (see {@code pool}) relies on exactly
 * that and nothing more (no ordering between unflushed writes, no atomicity beyond what a torn
 * write keeps at 512-byte granularity).
 *
 * <p>{@link dev.kiln.engine.vdev.DeviceGeometry} fixes the layout of every device, with {@code
 * asize} = device size rounded down to 256 KiB (recorded in the labels at creation, so a grown file
 * does not move the end labels):
 *
 * <pre>
 *   offset                 size     content
 *   0                      256 KiB  label L0
 *   256 KiB                256 KiB  label L1
 *   512 KiB                ...      allocatable region (blocks, space maps)
 *   asize - 512 KiB        256 KiB  label L2
 *   asize - 256 KiB        256 KiB  label L3
 *
 *   within a label:
 *   0                      128 KiB  configuration (pool name, guids, vdev list, features)
 *   128 KiB                128 KiB  uberblock ring: slots of max(1 KiB, 2^ashift) bytes,
 *                                   128 slots at ashift 9, 32 slots at ashift 12
 * </pre>
 *
 * Two labels at each end survive both a clobbered start of disk and a truncated end. The smallest
 * device is 2 MiB (four labels plus 1 MiB of blocks).
 */
package dev.kiln.engine.vdev;
