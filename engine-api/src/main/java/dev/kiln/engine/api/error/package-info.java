/**
 * Engine error statuses, one exception class per status that NFS, SMB, iSCSI and SFTP distinguish.
 *
 * <p>Every engine operation declares {@link java.io.IOException}; an {@link
 * dev.kiln.engine.api.error.EngineException} subclass is a precise, expected status, anything else
 * is a device or internal failure. The hierarchy is sealed (all classes live in this package) so
 * protocol mappings are exhaustive switches.
 *
 * <p>Invariant: an operation that throws an {@code EngineException} has changed nothing, except
 * where its javadoc says otherwise (a short write reports the bytes written instead of throwing).
 */
package dev.kiln.engine.api.error;
