/**
 * The iSCSI target (RFC 7143): the portal listener, sessions and connections, login (security with
 * CHAP §12.1.3, operational negotiation §13), the full feature phase, task management and
 * discovery.
 *
 * <p>Concurrency: one virtual thread reads each connection and is the only one that touches the
 * connection's framing state (R2T sequences, data placement). Complete SCSI commands run on their
 * own virtual threads, so a queue of 32 commands keeps the volume busy; their responses are
 * numbered (StatSN) and written under one lock per connection. Non-immediate requests are delivered
 * in CmdSN order through the session's {@link dev.kiln.iscsi.target.CommandWindow}.
 *
 * <p>ErrorRecoveryLevel is 0: any framing error drops the connection, the session ends with its
 * last connection (DefaultTime2Retain 0), and SNACK is rejected.
 */
package dev.kiln.iscsi.target;
