package dev.kiln.engine.objset;

import java.io.IOException;

/**
 * A dataset's intent log (ZIL): records of changes already applied in memory that must survive a
 * crash before their transaction group is synced. The object layer encodes and replays its own
 * records; the log only stores them in order, durably, and hands them back after a crash.
 *
 * <p>Group commit: many threads may append, then each calls {@link #commit(long)}; one device flush
 * makes all records appended so far durable.
 */
public interface IntentLog {

  /** Appends an opaque record for a change made in the open txg; returns its sequence number. */
  long append(byte[] record) throws IOException;

  /** Returns once every record up to and including {@code sequence} is durable. */
  void commit(long sequence) throws IOException;

  /** Appends and commits in one call; returns the record's sequence number. */
  default long appendAndCommit(byte[] record) throws IOException {
    long seq = append(record);
    commit(seq);
    return seq;
  }
}
