package dev.kiln.smb.command;

import dev.kiln.engine.api.error.EngineException;
import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.DirectoryEntry;
import dev.kiln.engine.api.fs.DirectoryPage;
import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.smb.fscc.Wildcard;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The enumeration state of one directory open ([MS-SMB2] 3.3.1.10 Open.EnumerationLocation): "."
 * and ".." first, then the engine's pages, filtered by the search pattern. An entry that did not
 * fit the output buffer stays at the head for the next call.
 */
final class DirectoryCursor {

  /**
   * An entry ready to encode.
   *
   * @param name its name
   * @param attrs its attributes
   */
  record Item(String name, Attributes attrs) {}

  private static final int PAGE = 256;

  private final FileSystem fs;
  private final long dir;
  private final String pattern;
  private final Wildcard matcher;
  private final boolean literal;
  private final Deque<Item> ready = new ArrayDeque<>();
  private int dots;
  private long cookie;
  private long verifier;
  private boolean end;
  private boolean returnedAny;

  DirectoryCursor(FileSystem fs, long dir, String pattern) {
    this.fs = fs;
    this.dir = dir;
    this.pattern = pattern;
    this.matcher = new Wildcard(pattern);
    this.literal = !Wildcard.hasWildcards(pattern);
  }

  String pattern() {
    return pattern;
  }

  boolean returnedAny() {
    return returnedAny;
  }

  /** The next matching entry without consuming it, or null at the end. */
  Item peek() throws IOException {
    while (ready.isEmpty() && !end) {
      fill();
    }
    return ready.peekFirst();
  }

  /** Consumes the entry {@link #peek()} returned. */
  void advance() {
    ready.pollFirst();
    returnedAny = true;
  }

  private void fill() throws IOException {
    if (literal) {
      end = true;
      if (pattern.equals(".") || pattern.equals("..")) {
        ready.add(new Item(pattern, fs.lookup(dir, pattern)));
        return;
      }
      try {
        ready.add(new Item(pattern, fs.lookupIgnoringCase(dir, pattern)));
      } catch (dev.kiln.engine.api.error.NoSuchEntryException e) {
        // No such name: an empty result.
      }
      return;
    }
    if (dots < 2) {
      String name = dots == 0 ? "." : "..";
      dots++;
      if (matcher.matches(name)) {
        ready.add(new Item(name, fs.lookup(dir, name)));
      }
      return;
    }
    DirectoryPage page = fs.readdir(dir, cookie, verifier, PAGE);
    verifier = page.verifier();
    for (DirectoryEntry e : page.entries()) {
      cookie = e.cookie();
      if (!matcher.matches(e.name())) {
        continue;
      }
      try {
        ready.add(new Item(e.name(), fs.getattr(e.inode())));
      } catch (EngineException gone) {
        // Removed since the page was read: skip it.
      }
    }
    end = page.endOfDirectory() || page.entries().isEmpty();
  }
}
