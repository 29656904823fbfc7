/**
 * The {@code smb} service of `kiln serve`: wires the SMB front end to the engine, the settings and
 * the management plane's users.
 */
package dev.kiln.daemon.smb;
