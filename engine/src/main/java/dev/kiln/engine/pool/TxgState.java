package dev.kiln.engine.pool;

import java.io.IOException;

/**
 * Which transaction groups accept writes. Normally only the open txg; while a sync runs its
 * handler, the syncing txg too (the handler writes the txg's dirty state). A failed sync suspends
 * the pool: its in-memory state no longer matches any committed state, so only re-import is safe.
 */
final class TxgState {

  private final String poolName;
  private final boolean readOnly;
  private long openTxg;
  private long syncingTxg = -1;
  private long lastSyncedTxg;
  private Throwable suspendedBy;
  private boolean closed;

  TxgState(String poolName, long lastSyncedTxg, boolean readOnly) {
    this.poolName = poolName;
    this.lastSyncedTxg = lastSyncedTxg;
    this.openTxg = lastSyncedTxg + 1;
    this.readOnly = readOnly;
  }

  synchronized long openTxg() {
    return openTxg;
  }

  synchronized long lastSyncedTxg() {
    return lastSyncedTxg;
  }

  /** Throws unless {@code txg} accepts writes and frees now. */
  synchronized void checkWritable(long txg) throws IOException {
    checkUsable();
    if (readOnly) {
      throw new IOException("pool '" + poolName + "' is imported read-only");
    }
    if (txg != openTxg && txg != syncingTxg) {
      throw new IllegalArgumentException(
          "txg %d is not open in pool '%s' (open txg %d%s)"
              .formatted(txg, poolName, openTxg, syncingTxg >= 0 ? ", syncing " + syncingTxg : ""));
    }
  }

  synchronized void checkUsable() throws IOException {
    if (closed) {
      throw new IOException("pool '" + poolName + "' is closed");
    }
    if (suspendedBy != null) {
      throw new IOException(
          "pool '" + poolName + "' is suspended after a failed sync; export and import it again",
          suspendedBy);
    }
  }

  /** Starts syncing the open txg and opens the next; returns the syncing txg. */
  synchronized long beginSync() throws IOException {
    checkUsable();
    if (readOnly) {
      throw new IOException("pool '" + poolName + "' is imported read-only");
    }
    syncingTxg = openTxg;
    openTxg++;
    return syncingTxg;
  }

  /** The handler is done: no more writes into the syncing txg. */
  synchronized void closeSyncingTxg() {
    syncingTxg = -1;
  }

  synchronized void finishSync(long txg) {
    lastSyncedTxg = txg;
  }

  synchronized void suspend(Throwable cause) {
    syncingTxg = -1;
    if (suspendedBy == null) {
      suspendedBy = cause;
    }
  }

  synchronized boolean suspended() {
    return suspendedBy != null;
  }

  synchronized void close() {
    closed = true;
  }

  synchronized boolean closed() {
    return closed;
  }

  boolean readOnly() {
    return readOnly;
  }
}
