package dev.kiln.smb.state;

import java.time.Duration;
import java.time.Instant;

/**
 * The LastWriteTime SMB shows for one open file, which is not always the engine's mtime.
 *
 * <p>[MS-FSA] 2.1.4.17 and 2.1.5.3 let an object store defer the LastWriteTime update a write
 * causes; Windows and Samba update it once, {@link #DELAY} after the first write through a handle,
 * or earlier when the handle is flushed, its end of file or basic information is set; later writes
 * through the handle only move it again at its close (smbtorture smb2.timestamps.delayed-*). A time
 * a client sets explicitly ([MS-FSA] 2.1.5.14.2, UserSetModificationTime) sticks: writes no longer
 * move it, until -2 (thaw) or the close. The engine's mtime moves with every write, so this keeps
 * the shown time and, at the close, the time the engine must store (if it differs). Guarded by its
 * own monitor; times come from the server's clock.
 */
public final class WriteTime {

  /** How long after the first write the shown time moves. */
  public static final Duration DELAY = Duration.ofSeconds(2);

  /** The write time to show instead of the engine's mtime, or null to show the engine's. */
  private Instant shown;

  /** When the pending update happens, or null if none is pending. */
  private Instant deadline;

  /** Set explicitly (or frozen with -1): writes do not move it. */
  private boolean userSet;

  /** Written to after the last update: the close moves the time to the close time. */
  private boolean writtenSinceUpdate;

  /**
   * Called before a write with the engine's mtime before it: the first write freezes the shown time
   * and schedules its update.
   */
  public synchronized void beforeWrite(Instant engineMtime, Instant now) {
    settle(now);
    if (userSet) {
      return;
    }
    if (shown == null) {
      shown = engineMtime;
      deadline = now.plus(DELAY);
    } else if (deadline == null) {
      writtenSinceUpdate = true;
    }
  }

  /** Whether the next write must tell {@link #beforeWrite} the engine's mtime. */
  public synchronized boolean needsMtime() {
    return shown == null && !userSet;
  }

  /** A flush, end-of-file or basic information change: a pending update happens now. */
  public synchronized void flush(Instant now) {
    settle(now);
    if (deadline != null) {
      shown = now;
      deadline = null;
      writtenSinceUpdate = false;
    }
  }

  /** A client set the write time explicitly. */
  public synchronized void set(Instant t) {
    shown = t;
    deadline = null;
    userSet = true;
    writtenSinceUpdate = false;
  }

  /** A client froze the write time (-1): it stays at what is shown now. */
  public synchronized void freeze(Instant engineMtime, Instant now) {
    set(shown(now) != null ? shown : engineMtime);
  }

  /** A client thawed the write time (-2): writes move it again (at the close). */
  public synchronized void thaw() {
    userSet = false;
  }

  /** The write time to show, or null to show the engine's mtime. */
  public synchronized Instant shown(Instant now) {
    settle(now);
    return shown;
  }

  /**
   * The close of a handle that wrote or set times: returns the write time the engine must store, or
   * null if its mtime (the last write) is right, and forgets the shown time.
   */
  public synchronized Instant closing(Instant now) {
    settle(now);
    Instant store;
    if (shown == null || deadline != null) {
      // Never updated: the engine's mtime, the time of the last write, is the update.
      store = null;
    } else if (!userSet && writtenSinceUpdate) {
      store = now;
    } else {
      store = shown;
    }
    shown = null;
    deadline = null;
    userSet = false;
    writtenSinceUpdate = false;
    return store;
  }

  private void settle(Instant now) {
    if (deadline != null && !now.isBefore(deadline)) {
      shown = deadline;
      deadline = null;
      writtenSinceUpdate = false;
    }
  }
}
