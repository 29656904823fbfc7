/**
 * The SSH service (port 22 in the registry): Apache MINA SSHD with Kiln's users, the admin shell,
 * {@code kiln} exec, SCP and SFTP into the datasets.
 *
 * <p>Design notes: the front end depends on {@code engine-api} and {@code common} only; users,
 * lockout and the CLI come from the daemon through {@link dev.kiln.ssh.auth.SshUsers} and {@link
 * dev.kiln.ssh.shell.CliRunner}. The channel layer is MINA's: shell, exec (SCP first, then {@code
 * kiln}), and subsystems from a list, so the replication transport is one more subsystem factory.
 * Only modern algorithms are offered (RFC 9142's recommendations: curve25519/ECDH and DH groups of
 * 4096 bits and up, AEAD/CTR ciphers, SHA-2 MACs and signatures).
 */
package dev.kiln.ssh;
