package dev.kiln.smb.state;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.smb.protocol.AccessMask;
import dev.kiln.smb.protocol.StatusDeletePending;
import dev.kiln.smb.protocol.StatusFileLockConflict;
import dev.kiln.smb.protocol.StatusInvalidLockRange;
import dev.kiln.smb.protocol.StatusLockNotGranted;
import dev.kiln.smb.protocol.StatusRangeNotLocked;
import dev.kiln.smb.protocol.StatusSharingViolation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's open files (GlobalOpenTable, [MS-SMB2] 3.3.1.1): share-mode checks ([MS-FSA]
 * 2.1.5.1.2), pending deletes and byte-range locks ([MS-FSA] 2.1.5.7). One monitor guards it all;
 * opens and locks are short operations.
 */
public final class OpenFiles {

  private static final int READISH = AccessMask.READ_DATA | AccessMask.EXECUTE;
  private static final int WRITISH = AccessMask.WRITE_DATA | AccessMask.APPEND_DATA;

  /** FILE_SHARE_READ. */
  public static final int SHARE_READ = 1;

  /** FILE_SHARE_WRITE. */
  public static final int SHARE_WRITE = 2;

  /** FILE_SHARE_DELETE. */
  public static final int SHARE_DELETE = 4;

  private final Map<FileKey, FileNode> nodes = new HashMap<>();
  private final Map<FileKey, List<Runnable>> lockWaiters = new HashMap<>();

  private final java.time.Clock clock;
  private final Map<java.nio.ByteBuffer, Open> resumeKeys = new HashMap<>();
  private final java.security.SecureRandom random = new java.security.SecureRandom();

  /** An open table on the system clock. */
  public OpenFiles() {
    this(java.time.Clock.systemUTC());
  }

  /** An open table whose delayed write-time updates follow {@code clock}. */
  public OpenFiles(java.time.Clock clock) {
    this.clock = clock;
  }

  /** The clock of delayed write-time updates. */
  public java.time.Clock clock() {
    return clock;
  }

  /** {@code a} as SMB shows it (see {@link #effective(FileKey, Attributes)}). */
  public Attributes effective(long fsGuid, Attributes a) {
    return effective(new FileKey(fsGuid, a.inode()), a);
  }

  /**
   * {@code a} as SMB shows it while file {@code key} is open: the LastWriteTime of {@link
   * WriteTime} instead of the engine's mtime, and at least the AllocationSize a client asked for.
   */
  public Attributes effective(FileKey key, Attributes a) {
    FileNode node = find(key);
    if (node == null) {
      return a;
    }
    java.time.Instant shown = node.writeTime().shown(clock.instant());
    long requested = node.allocationSize();
    if (shown == null && requested <= a.allocatedSize()) {
      return a;
    }
    return new Attributes(
        a.inode(),
        a.generation(),
        a.type(),
        a.mode(),
        a.nlink(),
        a.uid(),
        a.gid(),
        a.ownerSid(),
        a.groupSid(),
        a.size(),
        Math.max(a.allocatedSize(), requested),
        a.rdev(),
        a.atime(),
        shown == null ? a.mtime() : shown,
        a.ctime(),
        a.birthtime(),
        a.dosAttributes(),
        a.change());
  }

  /**
   * The 24-byte resume key of an open ([MS-SMB2] 2.2.32.3, Open.ResumeKey): random, so one client
   * cannot guess the key of another's open; the same key for every request on the open.
   */
  public synchronized byte[] resumeKey(Open open) {
    for (Map.Entry<java.nio.ByteBuffer, Open> e : resumeKeys.entrySet()) {
      if (e.getValue() == open) {
        return e.getKey().array().clone();
      }
    }
    byte[] key = new byte[24];
    random.nextBytes(key);
    resumeKeys.put(java.nio.ByteBuffer.wrap(key.clone()), open);
    return key;
  }

  /** The open a resume key names, or null (unknown key or closed open). */
  public synchronized Open byResumeKey(byte[] key) {
    Open open = resumeKeys.get(java.nio.ByteBuffer.wrap(key));
    return open == null || open.closed() ? null : open;
  }

  /** The number of files open (for leak checks). */
  public synchronized int size() {
    return nodes.size();
  }

  /** The node of an open file, or null if nothing has it open. */
  public synchronized FileNode find(FileKey key) {
    return nodes.get(key);
  }

  /**
   * Attaches a new open after checking pending delete and share modes; {@code factory} builds the
   * open from the node.
   */
  public synchronized Open attach(
      FileKey key,
      long parentInode,
      String name,
      int access,
      int shareAccess,
      java.util.function.Function<FileNode, Open> factory)
      throws StatusSharingViolation, StatusDeletePending {
    FileNode node = nodes.get(key);
    if (node != null) {
      if (node.deletePending()) {
        throw new StatusDeletePending(name + " is pending deletion");
      }
      for (Open o : node.opens) {
        if (conflicts(o.access(), o.shareAccess(), access, shareAccess)) {
          throw new StatusSharingViolation(name + " is open with an incompatible share mode");
        }
      }
    } else {
      node = new FileNode(key, parentInode, name);
      nodes.put(key, node);
    }
    Open open = factory.apply(node);
    node.opens.add(open);
    return open;
  }

  /** Whether an open with {@code access} and {@code shareAccess} would fail the share check now. */
  public synchronized boolean wouldConflict(FileKey key, int access, int shareAccess) {
    FileNode node = nodes.get(key);
    if (node == null) {
      return false;
    }
    for (Open o : node.opens) {
      if (conflicts(o.access(), o.shareAccess(), access, shareAccess)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a file or directory strictly below {@code dirPath} of file system {@code fsGuid} is
   * open.
   */
  public synchronized boolean hasOpenBelow(long fsGuid, String dirPath) {
    String prefix = dirPath + "\\";
    for (FileNode node : nodes.values()) {
      if (node.key().fsGuid() != fsGuid) {
        continue;
      }
      for (Open o : node.opens) {
        if (o.path().startsWith(prefix)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean conflicts(int oldAccess, int oldShare, int access, int share) {
    // [MS-FSA] 2.1.5.1.2.1: an open with none of read, write, append, execute or delete (an
    // attribute-only open) takes no part in the share-mode check, new or existing.
    int dataAccess = READISH | WRITISH | AccessMask.DELETE;
    if ((access & dataAccess) == 0 || (oldAccess & dataAccess) == 0) {
      return false;
    }
    return ((oldAccess & READISH) != 0 && (share & SHARE_READ) == 0)
        || ((oldAccess & WRITISH) != 0 && (share & SHARE_WRITE) == 0)
        || ((oldAccess & AccessMask.DELETE) != 0 && (share & SHARE_DELETE) == 0)
        || ((access & READISH) != 0 && (oldShare & SHARE_READ) == 0)
        || ((access & WRITISH) != 0 && (oldShare & SHARE_WRITE) == 0)
        || ((access & AccessMask.DELETE) != 0 && (oldShare & SHARE_DELETE) == 0);
  }

  /**
   * Detaches a closed open, dropping its locks; true when it was the last open of a file whose
   * delete is pending (the caller then removes the name).
   */
  public boolean detach(Open open) {
    List<Runnable> wake;
    boolean delete;
    synchronized (this) {
      FileNode node = open.node();
      if (node == null || !node.opens.remove(open)) {
        return false;
      }
      node.locks.removeIf(l -> l.open() == open);
      resumeKeys.values().remove(open);
      if (open.deleteOnClose()) {
        node.deletePending(true);
      }
      delete = node.opens.isEmpty() && node.deletePending();
      if (node.opens.isEmpty()) {
        nodes.remove(node.key());
      }
      // Every close wakes the waiters, not only one that held locks: a waiter whose own open
      // closed must be answered (RANGE_NOT_LOCKED) rather than wait for the next unlock.
      wake = takeWaiters(node.key());
    }
    wake.forEach(Runnable::run);
    return delete;
  }

  /** A snapshot of the opens of a file. */
  public synchronized List<Open> opensOf(FileNode node) {
    return new ArrayList<>(node.opens);
  }

  /** The other opens of the same file. */
  public synchronized int openCount(FileNode node) {
    return node.opens.size();
  }

  /**
   * Locks a range for {@code open}; LOCK_NOT_GRANTED when it conflicts ([MS-FSA] 2.1.4.10 with lock
   * intent): an exclusive request conflicts with every overlapping lock, a shared one only with
   * exclusive locks of other opens, so an open may stack shared locks over its own exclusive one.
   * The {0, 0} range conflicts with nothing.
   */
  public synchronized void lock(Open open, long offset, long length, boolean exclusive)
      throws StatusLockNotGranted, StatusInvalidLockRange, StatusFileLockConflict {
    if (length != 0 && Long.compareUnsigned(offset + length - 1, offset) < 0) {
      throw new StatusInvalidLockRange("lock range wraps around");
    }
    FileNode node = open.node();
    if (offset != 0 || length != 0) {
      for (ByteRangeLock l : node.locks) {
        if (l.touches(offset, length) && (exclusive || (l.exclusive() && l.open() != open))) {
          throw new StatusLockNotGranted("range is locked");
        }
      }
    }
    node.locks.add(new ByteRangeLock(open, offset, length, exclusive));
  }

  /**
   * Unlocks a range held by {@code open} exactly as locked; of stacked locks on the same range the
   * exclusive one goes first ([MS-FSA] 2.1.5.9).
   */
  public void unlock(Open open, long offset, long length) throws StatusRangeNotLocked {
    List<Runnable> wake;
    synchronized (this) {
      FileNode node = open.node();
      ByteRangeLock found = null;
      for (ByteRangeLock l : node.locks) {
        if (l.open() == open && l.offset() == offset && l.length() == length) {
          found = l;
          if (l.exclusive()) {
            break;
          }
        }
      }
      if (found == null) {
        throw new StatusRangeNotLocked("no lock at " + offset + "+" + length);
      }
      node.locks.remove(found);
      wake = takeWaiters(node.key());
    }
    wake.forEach(Runnable::run);
  }

  /**
   * Locks like {@link #lock} or, when the range is taken, registers {@code retry} to run after the
   * next unlock or close on the file; atomic, so no unlock is missed. True when granted.
   */
  public synchronized boolean lockOrWait(
      Open open, long offset, long length, boolean exclusive, Runnable retry)
      throws StatusInvalidLockRange, StatusFileLockConflict {
    try {
      lock(open, offset, length, exclusive);
      return true;
    } catch (StatusLockNotGranted e) {
      onUnlock(open.node().key(), retry);
      return false;
    }
  }

  /** Registers a retry to run after the next unlock or close on the file. */
  public synchronized void onUnlock(FileKey key, Runnable retry) {
    lockWaiters.computeIfAbsent(key, k -> new ArrayList<>()).add(retry);
  }

  /** Drops a registered retry (cancelled lock). */
  public synchronized void dropWaiter(FileKey key, Runnable retry) {
    List<Runnable> l = lockWaiters.get(key);
    if (l != null) {
      l.remove(retry);
    }
  }

  private List<Runnable> takeWaiters(FileKey key) {
    List<Runnable> l = lockWaiters.remove(key);
    return l == null ? List.of() : l;
  }

  /**
   * FILE_LOCK_CONFLICT when reading ({@code write} false) or writing the range would cross a lock
   * of another open (reads are blocked by exclusive locks, writes by any lock of another open and
   * by shared locks of the same one).
   */
  public synchronized void checkIo(Open open, long offset, long length, boolean write)
      throws StatusFileLockConflict {
    FileNode node = open.node();
    if (node == null || node.locks.isEmpty() || length == 0) {
      return;
    }
    for (ByteRangeLock l : node.locks) {
      if (!l.overlaps(offset, length)) {
        continue;
      }
      boolean mine = l.open() == open;
      if (write ? (!mine || !l.exclusive()) : (!mine && l.exclusive())) {
        throw new StatusFileLockConflict("range is locked");
      }
    }
  }
}
