/**
 * The iSCSI target (RFC 7143): the portal listener, sessions and connections, login (security with
 * CHAP §12.1.3, operational negotiation §13), the full feature phase, task management and
 * discovery.
 *
 * <p>Concurrency: one platform thread reads each connection (the kernel wakes it straight from the
 * socket; a virtual thread would need the poller and then a carrier, two wake-ups per batch) and is
 * the only one that touches the connection's framing state (R2T sequences, data placement). It
 * reads the socket in large chunks, so a window of commands arrives in one system call. Small READs
 * and WRITEs (64 KiB or less) run on that reader: a read from the block cache is cheaper than a
 * hand-off to another thread, and a write only queues in the logical unit's write gatherer. When no
 * whole PDU is left to read, the reader writes the gathered writes (adjacent ones merged) and sends
 * every response it held in one gathering socket write, then waits for the socket: an initiator's
 * window of 4 KiB writes costs one read, one volume write and one socket write, and no thread
 * switch. Every other command runs on a virtual thread of its own, so large transfers and cache
 * flushes proceed in parallel. Responses are numbered (StatSN) under one lock per connection. Large
 * READ data is read into reusable direct buffers that go to the socket without a copy and return to
 * the logical unit once written; the data of large WRITEs lands in heap arrays the connection
 * reuses once the write is answered (a fresh megabyte per 1 MiB WRITE was zeroed, faulted in and
 * collected). Non-immediate requests are delivered in CmdSN order through the session's {@link
 * dev.kiln.iscsi.target.CommandWindow}.
 *
 * <p>ErrorRecoveryLevel is 0: any framing error drops the connection, the session ends with its
 * last connection (DefaultTime2Retain 0), and SNACK is rejected.
 */
package dev.kiln.iscsi.target;
