package dev.kiln.testkit.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A directory's entries, each stamped with a cookie from a per-directory counter that only grows.
 *
 * <p>Resuming after a cookie is a tail of the cookie-ordered map, so a cookie stays valid whatever
 * is inserted or removed, including its own entry. Cookies start at 3 (0 means "from the
 * beginning"; 1 and 2 are left for front ends' "." and "..").
 */
final class DirectoryEntries {

  record Entry(String name, long inode, long cookie) {}

  private final TreeMap<Long, Entry> byCookie = new TreeMap<>();
  private final Map<String, Entry> byName = new HashMap<>();
  private long nextCookie = 3;

  Entry get(String name) {
    return byName.get(name);
  }

  void add(String name, long inode) {
    Entry e = new Entry(name, inode, nextCookie++);
    byCookie.put(e.cookie(), e);
    byName.put(name, e);
  }

  Entry remove(String name) {
    Entry e = byName.remove(name);
    if (e != null) {
      byCookie.remove(e.cookie());
    }
    return e;
  }

  int size() {
    return byName.size();
  }

  boolean isEmpty() {
    return byName.isEmpty();
  }

  /** True when the cookie was handed out by this directory (or is 0). */
  boolean issued(long cookie) {
    return cookie >= 0 && cookie < nextCookie;
  }

  List<Entry> after(long cookie, int max) {
    List<Entry> out = new ArrayList<>(Math.min(max, byCookie.size()));
    for (Entry e : byCookie.tailMap(cookie, false).values()) {
      if (out.size() == max) {
        break;
      }
      out.add(e);
    }
    return out;
  }

  boolean hasAfter(long cookie) {
    return byCookie.higherKey(cookie) != null;
  }

  List<Entry> all() {
    return new ArrayList<>(byCookie.values());
  }

  DirectoryEntries copy() {
    DirectoryEntries c = new DirectoryEntries();
    c.byCookie.putAll(byCookie);
    c.byName.putAll(byName);
    c.nextCookie = nextCookie;
    return c;
  }
}
