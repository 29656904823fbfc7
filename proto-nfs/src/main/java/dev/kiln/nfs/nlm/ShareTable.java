package dev.kiln.nfs.nlm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * DOS share reservations (NLM SHARE/UNSHARE): an open declares the access it wants (read 1, write
 * 2) and the access it denies others; a new share conflicts when its access hits an existing deny
 * mode or its deny mode hits an existing access.
 */
final class ShareTable {

  private record Share(LockOwner owner, int mode, int access) {}

  private final Map<LockTable.FileKey, List<Share>> shares = new HashMap<>();

  synchronized boolean share(LockTable.FileKey file, LockOwner owner, int mode, int access) {
    List<Share> list = shares.computeIfAbsent(file, k -> new ArrayList<>());
    for (Share s : list) {
      if (!s.owner().equals(owner) && ((s.mode() & access) != 0 || (s.access() & mode) != 0)) {
        return false;
      }
    }
    list.removeIf(s -> s.owner().equals(owner));
    list.add(new Share(owner, mode, access));
    return true;
  }

  synchronized void release(LockTable.FileKey file, LockOwner owner) {
    List<Share> list = shares.get(file);
    if (list != null) {
      list.removeIf(s -> s.owner().equals(owner));
      if (list.isEmpty()) {
        shares.remove(file);
      }
    }
  }

  synchronized void releaseHost(String host) {
    shares.values().forEach(l -> l.removeIf(s -> s.owner().host().equals(host)));
    shares.values().removeIf(List::isEmpty);
  }
}
