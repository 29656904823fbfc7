package dev.kiln.engine.api.manage;

import dev.kiln.engine.api.fs.FileType;
import java.util.Objects;

/**
 * One changed path between two states of a dataset.
 *
 * @param kind what happened
 * @param path the path in the older state (for CREATED: in the newer state), starting with "/"
 * @param newPath the path in the newer state for RENAMED, else null
 * @param type the object's type
 */
public record DiffEntry(DiffKind kind, String path, String newPath, FileType type) {

  /** Checks that exactly renames carry a new path. */
  public DiffEntry {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(path, "path");
    if ((kind == DiffKind.RENAMED) != (newPath != null)) {
      throw new IllegalArgumentException("newPath must be set exactly for RENAMED entries");
    }
  }
}
