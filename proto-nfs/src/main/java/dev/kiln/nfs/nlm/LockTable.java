package dev.kiln.nfs.nlm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server's record locks, per file, with POSIX semantics: a new lock of an owner replaces that
 * owner's locks in the range (upgrading or downgrading), an unlock splits locks that straddle it.
 * Callers synchronize on the table.
 */
public final class LockTable {

  /** A locked file: the file system guid and inode. */
  public record FileKey(long guid, long inode) {}

  private final Map<FileKey, List<ByteRangeLock>> locks = new HashMap<>();

  /** The first lock of another owner that conflicts with the request, if any. */
  public synchronized Optional<ByteRangeLock> conflict(
      FileKey file, LockOwner owner, long start, long end, boolean exclusive) {
    for (ByteRangeLock l : locks.getOrDefault(file, List.of())) {
      if (l.conflicts(owner, start, end, exclusive)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  /** Grants the lock unless it conflicts; returns the conflicting lock if it does. */
  public synchronized Optional<ByteRangeLock> lock(
      FileKey file, LockOwner owner, long start, long end, boolean exclusive) {
    Optional<ByteRangeLock> c = conflict(file, owner, start, end, exclusive);
    if (c.isPresent()) {
      return c;
    }
    unlock(file, owner, start, end);
    locks
        .computeIfAbsent(file, k -> new ArrayList<>())
        .add(new ByteRangeLock(owner, start, end, exclusive));
    return Optional.empty();
  }

  /** Releases the owner's locks in the range, keeping the parts outside it. */
  public synchronized void unlock(FileKey file, LockOwner owner, long start, long end) {
    List<ByteRangeLock> list = locks.get(file);
    if (list == null) {
      return;
    }
    List<ByteRangeLock> kept = new ArrayList<>();
    for (ByteRangeLock l : list) {
      if (!l.owner().equals(owner) || !l.overlaps(start, end)) {
        kept.add(l);
        continue;
      }
      if (l.start() < start) {
        kept.add(new ByteRangeLock(owner, l.start(), start, l.exclusive()));
      }
      if (l.end() > end) {
        kept.add(new ByteRangeLock(owner, end, l.end(), l.exclusive()));
      }
    }
    if (kept.isEmpty()) {
      locks.remove(file);
    } else {
      locks.put(file, kept);
    }
  }

  /** Releases every lock held by owners on {@code host} (client reboot, FREE_ALL). */
  public synchronized int releaseHost(String host) {
    int released = 0;
    var it = locks.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      int before = e.getValue().size();
      e.getValue().removeIf(l -> l.owner().host().equals(host));
      released += before - e.getValue().size();
      if (e.getValue().isEmpty()) {
        it.remove();
      }
    }
    return released;
  }

  /** Every lock on a file (for tests and status). */
  public synchronized List<ByteRangeLock> locks(FileKey file) {
    return List.copyOf(locks.getOrDefault(file, List.of()));
  }
}
