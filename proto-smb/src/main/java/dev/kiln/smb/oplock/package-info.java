/**
 * Oplocks and leases ([MS-SMB2] 3.3.4.6, 3.3.4.7, 3.3.5.22; [MS-FSA] 2.1.4.12, 2.1.5.17): who
 * caches what of which open file, and the breaks that take it back.
 *
 * <p>Design notes: {@link dev.kiln.smb.oplock.OplockTable} (oplocks and leases) is independent of
 * connections: opens are FileIds, files are {@link dev.kiln.smb.state.FileKey}s, and notifications
 * leave through the {@link dev.kiln.smb.oplock.BreakChannel} of the connection the open belongs to
 * (so signing and encryption apply, and a reconnected durable handle moves to its new connection).
 * A create that must wait for a break does not block its connection: it registers a resume action
 * and goes async; the acknowledgment, the holder's close or the timeout (an injected {@link
 * java.time.Clock} decides what is overdue) runs it. Only what is implemented is granted: anything
 * the table does not know is level none.
 */
package dev.kiln.smb.oplock;
