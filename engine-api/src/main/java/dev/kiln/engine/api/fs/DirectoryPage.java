package dev.kiln.engine.api.fs;

import java.util.List;

/**
 * One page of a directory listing.
 *
 * @param entries entries in cookie order, never "." or ".."
 * @param verifier pass back with the next cookie; a different value means cookies were invalidated
 * @param endOfDirectory true when no entries follow the last one
 */
public record DirectoryPage(List<DirectoryEntry> entries, long verifier, boolean endOfDirectory) {

  /** Freezes the entry list. */
  public DirectoryPage {
    entries = List.copyOf(entries);
  }
}
