/**
 * The datasets as a {@code java.nio.file.FileSystem} for MINA's SFTP and SCP servers.
 *
 * <p>Design: MINA's SFTP subsystem works on {@code java.nio.file.Path}s through {@code Files}; a
 * file system over the engine's inode-level {@link dev.kiln.engine.api.fs.FileSystem} gives SFTP
 * (with the OpenSSH extensions statvfs, posix-rename, hardlink, fsync, which MINA implements on top
 * of {@code Files}) and SCP in one place. Paths are resolved from the root on every call, so
 * nothing cached can go stale across renames; permission checks (search on each directory walked,
 * read/write on open, write+search on the parent for changes, sticky directories, owner-only
 * chmod/utimes, root-only chown) evaluate the inode's ACL as NFSv4 does, because the engine stores
 * owners, modes and ACLs but never evaluates them. Data writes are unstable and committed by fsync
 * and by MINA's sync on closing a written file.
 *
 * <p>The tree: {@code /} lists the pools; a dataset's directory lists its files and its child
 * datasets; {@code <dataset>/.zfs/snapshot/<name>} is each snapshot, read-only ({@code .zfs} is
 * hidden from listings, as ZFS's default {@code snapdir=hidden}).
 */
package dev.kiln.ssh.fs;
