package dev.kiln.smb.oplock;

import dev.kiln.smb.state.FileKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The oplocks granted on open files and their breaks ([MS-SMB2] 3.3.4.6, 3.3.5.9, 3.3.5.22.1;
 * [MS-FSA] 2.1.4.12 and 2.1.5.17). Opens are named by their FileId, files by {@link FileKey}. One
 * monitor guards everything; notifications go out and waiting creates resume outside it.
 *
 * <p>What is implemented: level II, exclusive and batch oplocks, and leases (v1 and v2, R, RH, RW,
 * RWH) on files. A conflicting open breaks exclusive and batch oplocks to level II (to none when it
 * overwrites) and takes write caching from other leases (handle caching too when it would fail the
 * share check, read caching when it overwrites), and waits for the acknowledgment, the holder's
 * close or the acknowledgment timeout; writes, size changes and byte-range locks break level II
 * oplocks and other leases' read caching to none without an acknowledgment.
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
   * @param lease the lease the open asks for, whose own caching it does not break; null for none
   * @param deleting whether it opens with delete-on-close (handle caching must go so the holder may
   *     close)
   */
  public record OpenIntent(
      int access, boolean overwrite, boolean shareConflict, LeaseId lease, boolean deleting) {

    /** An open without a lease. */
    public OpenIntent(int access, boolean overwrite, boolean shareConflict) {
      this(access, overwrite, shareConflict, null, false);
    }

    /** An open that may ask for a lease. */
    public OpenIntent(int access, boolean overwrite, boolean shareConflict, LeaseId lease) {
      this(access, overwrite, shareConflict, lease, false);
    }

    /** Access that neither reads nor writes data (a "stat open" breaks no oplock). */
    static final int ATTRIBUTE_ONLY = 0x80 | 0x100 | 0x100000;

    /** For leases READ_CONTROL counts as attribute access too (as Samba does). */
    static final int LEASE_ATTRIBUTE_ONLY = ATTRIBUTE_ONLY | 0x20000;

    boolean statOpen() {
      return (access & ~ATTRIBUTE_ONLY) == 0;
    }

    boolean leaseStatOpen() {
      return (access & ~LEASE_ATTRIBUTE_ONLY) == 0;
    }
  }

  private static final class Lease {
    final LeaseId id;
    final FileKey key;
    final int version;
    int state;
    int breakingTo = -1;
    boolean ackRequired;
    int epoch;
    Instant deadline;
    BreakChannel channel;
    final List<Long> opens = new ArrayList<>();

    Lease(LeaseId id, FileKey key, int version, int state, int epoch, BreakChannel channel) {
      this.id = id;
      this.key = key;
      this.version = version;
      this.state = state;
      this.epoch = epoch;
      this.channel = channel;
    }
  }

  private record LeaseNotice(
      BreakChannel channel, LeaseId id, int epoch, boolean ack, int from, int to) {}

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
  private final Map<LeaseId, Lease> leases = new HashMap<>();
  private final Map<Long, Lease> leaseOf = new HashMap<>();
  private final Map<FileKey, List<Lease>> leasesByFile = new HashMap<>();

  /** A table whose breaks time out after {@code ackTimeout} by {@code clock}. */
  public OplockTable(Clock clock, Duration ackTimeout, Timer timer) {
    this.clock = clock;
    this.ackTimeout = ackTimeout;
    this.timer = timer;
  }

  /**
   * A timer on {@code scheduler}: each task runs on its own virtual thread when due (a task may
   * block, e.g. retry an open), so one slow task never delays the others.
   */
  public static Timer on(ScheduledExecutorService scheduler) {
    return (delay, task) ->
        scheduler.schedule(
            () -> Thread.ofVirtual().name("smb-timer").start(task),
            delay.toNanos(),
            TimeUnit.NANOSECONDS);
  }

  /**
   * Breaks what the new open conflicts with ([MS-FSA] 2.1.5.1.2: batch oplocks before the share
   * check, so that their holder may close; exclusive ones only when the share check passes).
   * Returns true when the open must wait: {@code resume} then runs once, when a break it waits for
   * is acknowledged, times out or its open closes; the caller then retries the open.
   */
  public boolean breakForOpen(FileKey key, OpenIntent intent, Runnable resume) {
    List<Notice> notices = new ArrayList<>();
    List<LeaseNotice> leaseNotices = new ArrayList<>();
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
      for (Lease l : leasesOf(key)) {
        if (l.id.equals(intent.lease())) {
          continue;
        }
        if (l.breakingTo >= 0) {
          wait |= l.ackRequired;
          continue;
        }
        if (intent.leaseStatOpen() && !intent.overwrite()) {
          continue;
        }
        int to = l.state & ~LeaseState.WRITE;
        if (intent.shareConflict() || intent.deleting()) {
          // The holder may close cached handles to let the open (or the delete) through.
          to &= ~LeaseState.HANDLE;
        }
        if (intent.overwrite()) {
          to = LeaseState.NONE;
        }
        if (to != l.state) {
          wait |= startLeaseBreak(l, to, leaseNotices);
        }
      }
      if (wait) {
        waiters.computeIfAbsent(key, k -> new ArrayList<>()).add(resume);
      }
    }
    send(notices);
    sendLeases(leaseNotices);
    if ((!notices.isEmpty() || !leaseNotices.isEmpty()) && wait) {
      timer.after(ackTimeout, this::expire);
    }
    return wait;
  }

  /**
   * Starts a lease break to {@code to} ([MS-SMB2] 3.3.4.7): an acknowledgment is required when the
   * lease loses write or handle caching; a read-only lease drops at once. Returns whether the break
   * waits for an acknowledgment.
   */
  private boolean startLeaseBreak(Lease l, int to, List<LeaseNotice> out) {
    boolean ack = (l.state & (LeaseState.WRITE | LeaseState.HANDLE)) != 0;
    int from = l.state;
    if (l.version == 2) {
      l.epoch++;
    }
    out.add(new LeaseNotice(l.channel, l.id, l.version == 2 ? l.epoch : 0, ack, from, to));
    if (ack) {
      l.breakingTo = to;
      l.ackRequired = true;
      l.deadline = clock.instant().plus(ackTimeout);
    } else {
      l.state = to;
    }
    return ack;
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
      boolean handleLeased = false;
      for (Lease l : leasesOf(key)) {
        handleLeased |= ((l.breakingTo >= 0 ? l.breakingTo : l.state) & LeaseState.HANDLE) != 0;
      }
      int level;
      if (exclusiveHeld || handleLeased) {
        // Windows grants no oplock beside a handle-caching lease (smbtorture lease.oplock).
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
  public void breakLevelTwo(FileKey key, long writerFileId) {
    List<Notice> notices = new ArrayList<>();
    List<LeaseNotice> leaseNotices = new ArrayList<>();
    synchronized (this) {
      Lease own = leaseOf.get(writerFileId);
      for (Lease ls : leasesOf(key)) {
        // [MS-FSA] 2.1.4.12: other leases lose read caching; write caching cannot coexist.
        if (ls != own && ls.breakingTo < 0 && (ls.state & LeaseState.READ) != 0) {
          startLeaseBreak(ls, LeaseState.NONE, leaseNotices);
        }
      }
      List<Holder> l = byFile.getOrDefault(key, new ArrayList<>());
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
    sendLeases(leaseNotices);
    if (!leaseNotices.isEmpty()) {
      timer.after(ackTimeout, this::expire);
    }
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
      Lease lease = leaseOf.remove(fileId);
      if (lease != null) {
        lease.opens.remove(fileId);
        if (lease.opens.isEmpty()) {
          // The lease ends with its last open; a break waiting for it is over.
          leases.remove(lease.id);
          List<Lease> l = leasesByFile.get(lease.key);
          if (l != null) {
            l.remove(lease);
            if (l.isEmpty()) {
              leasesByFile.remove(lease.key);
            }
          }
          if (lease.breakingTo >= 0) {
            wake = takeWaiters(lease.key);
          }
        }
      }
      Holder h = byFileId.get(fileId);
      if (h != null) {
        remove(h);
        if (h.breakingTo >= 0) {
          wake = takeWaiters(h.key);
        }
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
      for (Lease l : leases.values()) {
        if (l.breakingTo >= 0 && !l.deadline.isAfter(now)) {
          // [MS-SMB2] 3.3.2.5: an unacknowledged lease break leaves the lease with nothing.
          l.state = LeaseState.NONE;
          l.breakingTo = -1;
          l.ackRequired = false;
          wake.addAll(takeWaiters(l.key));
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

  /** Whether a break of the open's oplock or lease is waiting for an acknowledgment. */
  public synchronized boolean breaking(long fileId) {
    Holder h = byFileId.get(fileId);
    Lease l = leaseOf.get(fileId);
    return (h != null && h.breakingTo >= 0) || (l != null && l.breakingTo >= 0 && l.ackRequired);
  }

  /** Sends the open's future break notifications to {@code channel} (durable reconnect). */
  public synchronized void rebind(long fileId, BreakChannel channel) {
    Holder h = byFileId.get(fileId);
    if (h != null) {
      h.channel = channel;
    }
    Lease l = leaseOf.get(fileId);
    if (l != null) {
      l.channel = channel;
    }
  }

  /**
   * Grants a lease to a new open of a file ([MS-SMB2] 3.3.5.9.8, 3.3.5.9.11; [MS-FSA] 2.1.5.17.3):
   * an open with a known LeaseKey joins its lease and may upgrade it; a new key gets the valid part
   * of what it asks for, without write caching when the file has other opens, and none for
   * directories. {@code otherOpens} counts the file's opens besides this one.
   *
   * @throws StatusLeaseKeyInUse when the key names a lease of another file
   */
  public LeaseGrant grantLease(
      FileKey key,
      long fileId,
      LeaseId id,
      int requested,
      int version,
      int clientEpoch,
      boolean directory,
      int otherOpens,
      BreakChannel channel)
      throws StatusLeaseKeyInUse {
    synchronized (this) {
      Lease l = leases.get(id);
      if (l != null && !l.key.equals(key)) {
        throw new StatusLeaseKeyInUse("lease key of another file");
      }
      int othersOutside = otherOpens - (l == null ? 0 : l.opens.size());
      int allowed =
          directory
              ? LeaseState.NONE
              : othersOutside > 0 ? LeaseState.READ | LeaseState.HANDLE : LeaseState.valid(7);
      for (Holder h : holders(key)) {
        // Beside an oplock a lease gets read caching at most (smbtorture lease.oplock).
        allowed &= OplockLevel.exclusive(h.level) || h.breakingTo >= 0 ? 0 : LeaseState.READ;
      }
      int asked = LeaseState.valid(requested);
      int wanted = asked & allowed;
      if (l == null) {
        l = new Lease(id, key, version, wanted, version == 2 ? clientEpoch + 1 : 0, channel);
        leases.put(id, l);
        leasesByFile.computeIfAbsent(key, k -> new ArrayList<>()).add(l);
      } else {
        l.channel = channel;
        if (l.breakingTo < 0
            && asked != l.state
            && (asked & l.state) == l.state
            && (asked & ~allowed) == 0) {
          // An upgrade happens only to a valid strict superset that can be held beside the other
          // opens, all or nothing ([MS-SMB2] 3.3.5.9.8; smbtorture lease.upgrade3); a lesser
          // request keeps the lease as it is.
          l.state = asked;
          if (l.version == 2) {
            l.epoch++;
          }
        }
      }
      l.opens.add(fileId);
      leaseOf.put(fileId, l);
      return new LeaseGrant(l.state, l.epoch, l.breakingTo >= 0);
    }
  }

  /**
   * A LEASE_BREAK acknowledgment ([MS-SMB2] 3.3.5.22.2); returns the lease's new state.
   *
   * @throws StatusLeaseAckRefused with the status the specification names: OBJECT_NAME_NOT_FOUND
   *     for an unknown lease, UNSUCCESSFUL when no break is under way, REQUEST_NOT_ACCEPTED for a
   *     state beyond what the break allows
   */
  public int acknowledgeLease(LeaseId id, int state) throws StatusLeaseAckRefused {
    List<Runnable> wake;
    synchronized (this) {
      Lease l = leases.get(id);
      if (l == null) {
        throw new StatusLeaseAckRefused(StatusLeaseAckRefused.NOT_FOUND, "unknown lease");
      }
      if (l.breakingTo < 0) {
        throw new StatusLeaseAckRefused(StatusLeaseAckRefused.UNSUCCESSFUL, "no lease break");
      }
      if ((state & ~l.breakingTo) != 0) {
        throw new StatusLeaseAckRefused(
            StatusLeaseAckRefused.NOT_ACCEPTED, "state " + state + " beyond " + l.breakingTo);
      }
      l.state = state;
      l.breakingTo = -1;
      l.ackRequired = false;
      l.deadline = null;
      wake = takeWaiters(l.key);
    }
    wakeAll(wake);
    return state;
  }

  /** Refuses a LeaseKey that names the lease of another file ([MS-SMB2] 3.3.5.9.8). */
  public synchronized void checkLeaseKey(FileKey key, LeaseId id) throws StatusLeaseKeyInUse {
    Lease l = leases.get(id);
    if (l != null && !l.key.equals(key)) {
      throw new StatusLeaseKeyInUse("lease key of another file");
    }
  }

  /** The lease of an open, if it has one (for durable reconnects and responses). */
  public synchronized java.util.Optional<LeaseId> leaseIdOf(long fileId) {
    Lease l = leaseOf.get(fileId);
    return l == null ? java.util.Optional.empty() : java.util.Optional.of(l.id);
  }

  /** The current grant of the lease of an open, if it has one. */
  public synchronized java.util.Optional<LeaseGrant> leaseGrantOf(long fileId) {
    Lease l = leaseOf.get(fileId);
    return l == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(new LeaseGrant(l.state, l.epoch, l.breakingTo >= 0));
  }

  /** The version (1 or 2) of the lease of an open, 0 when it has none. */
  public synchronized int leaseVersionOf(long fileId) {
    Lease l = leaseOf.get(fileId);
    return l == null ? 0 : l.version;
  }

  private List<Lease> leasesOf(FileKey key) {
    List<Lease> l = leasesByFile.get(key);
    return l == null ? List.of() : new ArrayList<>(l);
  }

  private static void sendLeases(List<LeaseNotice> notices) {
    for (LeaseNotice n : notices) {
      n.channel().leaseBreak(n.id(), n.epoch(), n.ack(), n.from(), n.to());
    }
  }

  /** The number of opens holding an oplock and of leases (for leak checks). */
  public synchronized int size() {
    return byFileId.size() + leases.size();
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
