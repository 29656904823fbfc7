/**
 * Who may log in over SSH: the users of the management plane through {@link
 * dev.kiln.ssh.auth.SshUsers} (password and public-key checks, the lockout shared with the API),
 * and the appliance's host keys.
 *
 * <p>Host keys are generated at first start (Ed25519 and ECDSA P-256) and kept 0600 in the data
 * directory, so clients see the same fingerprints across restarts.
 */
package dev.kiln.ssh.auth;
