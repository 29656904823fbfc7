/**
 * Adapts the management plane to the SSH front end: {@link dev.kiln.daemon.ssh.SshLogins} (users,
 * passwords, keys, the shared lockout, role to file access) and {@link
 * dev.kiln.daemon.ssh.InProcessCli} (the kiln CLI run as the logged-in user).
 */
package dev.kiln.daemon.ssh;
