/**
 * Server, connection, session, tree and open state ([MS-SMB2] 3.3.1), the global open table with
 * share modes and byte-range locks, and the credit window.
 *
 * <p>Design notes: a connection's state is touched by its reader thread only; what crosses
 * connections (open files, locks) sits behind one monitor in {@link dev.kiln.smb.state.OpenFiles}.
 */
package dev.kiln.smb.state;
