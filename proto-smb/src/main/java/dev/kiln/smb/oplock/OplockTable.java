package dev.kiln.smb.oplock;

import dev.kiln.smb.state.FileKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The oplocks granted on open files and their breaks ([MS-SMB2] 3.3.4.6, 3.3.5.9, 3.3.5.22.1;
 * [MS-FSA] 2.1.4.12 and 2.1.5.17). Opens are named by their FileId, files by {@link FileKey}. One
 * monitor guards everything; notifications go out and waiting creates resume outside it.
 *
 * <p>What is implemented: level II, exclusive and batch. A conflicting open breaks exclusive and
 * batch oplocks to level II (to none when it overwrites) and waits for the acknowledgment, the
 * holder's close or the acknowledgment timeout; writes, size changes and byte-range locks break
 * level II oplocks to none without an acknowledgment.
 */
public final class OplockTable {

  /** Windows' oplock break acknowledgment timeout ([MS-SMB2] 3.3.2.1, footnote: 35 seconds). */
  public static final Duration ACK_TIMEOUT = Duration.ofSeconds(35);

  /** Runs a task after a delay (the acknowledgment timer). */
  @FunctionalInterface
  public interface Timer {
    /** Runs {@code task} once, {@code delay} from now. */
    void after(Duration delay, Runnable task);
  }

  /**
   * What a new open of a file intends, for the break decision of [MS-FSA] 2.1.4.12.
   *
   * @param access the access it asks for
   * @param overwrite whether its disposition overwrites or supersedes the file
   * @param shareConflict whether it would fail the share-mode check against the current opens
   */
  public record OpenIntent(int access, boolean overwrite, boolean shareConflict) {

    /** Access that neither reads nor writes data (a "stat open" breaks no oplock). */
    static final int ATTRIBUTE_ONLY = 0x80 | 0x100 | 0x100000;

    boolean statOpen() {
      return (access & ~ATTRIBUTE_ONLY) == 0;
    }
  }

  private static final class Holder {
    final long fileId;
    final FileKey key;
    int level;
    int breakingTo = -1;
    Instant deadline;
    BreakChannel channel;

    Holder(long fileId, FileKey key, int level, BreakChannel channel) {
      this.fileId = fileId;
      this.key = key;
      this.level = level;
      this.channel = channel;
    }
  }

  private record Notice(BreakChannel channel, long fileId, int level) {}

  private final Clock clock;
  private final Duration ackTimeout;
  private final Timer timer;
  private final Map<Long, Holder> byFileId = new HashMap<>();
  private final Map<FileKey, List<Holder>> byFile = new HashMap<>();
  private final Map<FileKey, List<Runnable>> waiters = new HashMap<>();

  /** A table whose breaks time out after {@code ackTimeout} by {@code clock}. */
  public OplockTable(Clock clock, Duration ackTimeout, Timer timer) {
    this.clock = clock;
    this.ackTimeout = ackTimeout;
    this.timer = timer;
  }

  /** A timer that runs each task on a virtual thread after sleeping for the delay. */
  public static final Timer VIRTUAL_THREAD_TIMER =
      (delay, task) ->
          Thread.ofVirtual()
              .name("smb-timer")
              .start(
                  () -> {
                    try {
                      Thread.sleep(delay);
                      task.run();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });

  /**
   * Breaks what the new open conflicts with ([MS-FSA] 2.1.5.1.2: batch oplocks before the share
   * check, so that their holder may close; exclusive ones only when the share check passes).
   * Returns true when the open must wait: {@code resume} then runs once, when a break it waits for
   * is acknowledged, times out or its open closes; the caller then retries the open.
   */
  public boolean breakForOpen(FileKey key, OpenIntent intent, Runnable resume) {
    List<Notice> notices = new ArrayList<>();
    boolean wait = false;
    synchronized (this) {
      for (Holder h : holders(key)) {
        if (h.breakingTo >= 0) {
          wait = true;
          continue;
        }
        if (intent.statOpen() && !intent.overwrite()) {
          // [MS-FSA] 2.1.4.12: an open for attributes only breaks nothing, unless it overwrites.
          continue;
        }
        if (h.level == OplockLevel.BATCH
            || (h.level == OplockLevel.EXCLUSIVE && !intent.shareConflict())) {
          int to = intent.overwrite() ? OplockLevel.NONE : OplockLevel.II;
          h.breakingTo = to;
          h.deadline = clock.instant().plus(ackTimeout);
          notices.add(new Notice(h.channel, h.fileId, to));
          wait = true;
        } else if (h.level == OplockLevel.II && intent.overwrite()) {
          h.level = OplockLevel.NONE;
          notices.add(new Notice(h.channel, h.fileId, OplockLevel.NONE));
        }
      }
      holders(key).removeIf(h -> h.level == OplockLevel.NONE && h.breakingTo < 0);
      forgetEmpty(key);
      if (wait) {
        waiters.computeIfAbsent(key, k -> new ArrayList<>()).add(resume);
      }
    }
    send(notices);
    if (!notices.isEmpty() && wait) {
      timer.after(ackTimeout, this::expire);
    }
    return wait;
  }

  /** Forgets a waiting open (its CREATE was cancelled); false when it had been resumed already. */
  public synchronized boolean cancelWait(FileKey key, Runnable resume) {
    List<Runnable> l = waiters.get(key);
    return l != null && l.remove(resume);
  }

  /**
   * Grants an oplock to a new open ([MS-FSA] 2.1.5.17): exclusive and batch only when no other open
   * of the file exists, otherwise level II, and nothing while another open still holds an exclusive
   * or batch oplock (a stat open does not break it). Directories get none.
   */
  public int grant(
      FileKey key,
      long fileId,
      int requested,
      boolean directory,
      int otherOpens,
      BreakChannel channel) {
    if (directory || requested == OplockLevel.NONE || !OplockLevel.valid(requested)) {
      return OplockLevel.NONE;
    }
    if (requested == OplockLevel.LEASE) {
      return OplockLevel.NONE;
    }
    synchronized (this) {
      boolean exclusiveHeld = false;
      for (Holder h : holders(key)) {
        exclusiveHeld |= OplockLevel.exclusive(h.level) || h.breakingTo >= 0;
      }
      int level;
      if (exclusiveHeld) {
        level = OplockLevel.NONE;
      } else if (OplockLevel.exclusive(requested) && otherOpens == 0) {
        level = requested;
      } else {
        level = OplockLevel.II;
      }
      if (level != OplockLevel.NONE) {
        Holder h = new Holder(fileId, key, level, channel);
        byFileId.put(fileId, h);
        byFile.computeIfAbsent(key, k -> new ArrayList<>()).add(h);
      }
      return level;
    }
  }

  /**
   * Breaks every level II oplock of the file to none ([MS-FSA] 2.1.4.12: writes, size changes and
   * byte-range locks): no acknowledgment is expected; the writer's own open is told too (a "self
   * break").
   */
  public void breakLevelTwo(FileKey key) {
    List<Notice> notices = new ArrayList<>();
    synchronized (this) {
      List<Holder> l = byFile.get(key);
      if (l == null) {
        return;
      }
      for (Holder h : l) {
        if (h.level == OplockLevel.II && h.breakingTo < 0) {
          h.level = OplockLevel.NONE;
          byFileId.remove(h.fileId);
          notices.add(new Notice(h.channel, h.fileId, OplockLevel.NONE));
        }
      }
      l.removeIf(h -> h.level == OplockLevel.NONE && h.breakingTo < 0);
      forgetEmpty(key);
    }
    send(notices);
  }

  /**
   * An OPLOCK_BREAK acknowledgment ([MS-SMB2] 3.3.5.22.1); returns the new level.
   *
   * @throws StatusInvalidOplockProtocol when no break is under way for the open, or the client
   *     acknowledges a level above the one the break allows (its oplock is then gone)
   */
  public int acknowledge(long fileId, int level) throws StatusInvalidOplockProtocol {
    List<Runnable> wake;
    synchronized (this) {
      Holder h = byFileId.get(fileId);
      if (h == null || h.breakingTo < 0) {
        throw new StatusInvalidOplockProtocol("no oplock break is under way on " + fileId);
      }
      boolean valid =
          level == OplockLevel.NONE || (level == OplockLevel.II && h.breakingTo == OplockLevel.II);
      h.level = valid ? level : OplockLevel.NONE;
      h.breakingTo = -1;
      h.deadline = null;
      if (h.level == OplockLevel.NONE) {
        remove(h);
      }
      wake = takeWaiters(h.key);
      if (!valid) {
        wakeAll(wake);
        throw new StatusInvalidOplockProtocol("acknowledged level " + level);
      }
    }
    wakeAll(wake);
    return level;
  }

  /** The open closed: its oplock goes, and opens waiting for its break proceed. */
  public void release(long fileId) {
    List<Runnable> wake = List.of();
    synchronized (this) {
      Holder h = byFileId.get(fileId);
      if (h == null) {
        return;
      }
      remove(h);
      if (h.breakingTo >= 0) {
        wake = takeWaiters(h.key);
      }
    }
    wakeAll(wake);
  }

  /**
   * Ends the breaks whose acknowledgment is overdue by the clock ([MS-SMB2] 3.3.2.1): their opens
   * keep no oplock and the opens waiting for them proceed.
   */
  public void expire() {
    List<Runnable> wake = new ArrayList<>();
    synchronized (this) {
      Instant now = clock.instant();
      for (Holder h : new ArrayList<>(byFileId.values())) {
        if (h.breakingTo >= 0 && !h.deadline.isAfter(now)) {
          h.breakingTo = -1;
          h.level = OplockLevel.NONE;
          remove(h);
          wake.addAll(takeWaiters(h.key));
        }
      }
    }
    wakeAll(wake);
  }

  /** The oplock level an open holds now (none when it holds none). */
  public synchronized int level(long fileId) {
    Holder h = byFileId.get(fileId);
    return h == null ? OplockLevel.NONE : h.level;
  }

  /** Whether a break is waiting for the open's acknowledgment. */
  public synchronized boolean breaking(long fileId) {
    Holder h = byFileId.get(fileId);
    return h != null && h.breakingTo >= 0;
  }

  /** Sends the open's future break notifications to {@code channel} (durable reconnect). */
  public synchronized void rebind(long fileId, BreakChannel channel) {
    Holder h = byFileId.get(fileId);
    if (h != null) {
      h.channel = channel;
    }
  }

  /** The number of opens holding an oplock (for leak checks). */
  public synchronized int size() {
    return byFileId.size();
  }

  private List<Holder> holders(FileKey key) {
    List<Holder> l = byFile.get(key);
    return l == null ? new ArrayList<>() : l;
  }

  private void remove(Holder h) {
    byFileId.remove(h.fileId);
    List<Holder> l = byFile.get(h.key);
    if (l != null) {
      l.remove(h);
      forgetEmpty(h.key);
    }
  }

  private void forgetEmpty(FileKey key) {
    List<Holder> l = byFile.get(key);
    if (l != null && l.isEmpty()) {
      byFile.remove(key);
    }
  }

  private List<Runnable> takeWaiters(FileKey key) {
    List<Runnable> l = waiters.remove(key);
    return l == null ? List.of() : l;
  }

  private static void wakeAll(List<Runnable> wake) {
    wake.forEach(Runnable::run);
  }

  private static void send(List<Notice> notices) {
    for (Notice n : notices) {
      n.channel().oplockBreak(n.fileId(), n.level());
    }
  }
}
