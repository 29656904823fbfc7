/**
 * The SFTP subsystem: MINA's server, which implements SFTP v3-v6 and the OpenSSH extensions
 * posix-rename, hardlink, fsync, lsetstat and limits on the session's {@code java.nio.file} view,
 * completed here with statvfs/fstatvfs.
 */
package dev.kiln.ssh.sftp;
