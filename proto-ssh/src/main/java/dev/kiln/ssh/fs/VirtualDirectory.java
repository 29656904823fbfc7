package dev.kiln.ssh.fs;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.FileType;
import java.time.Instant;
import java.util.Set;

/** The attributes shown for directories that exist only in the view (/, .zfs, .zfs/snapshot). */
final class VirtualDirectory {

  /** Read-only directory owned by root; fixed times so listings are stable. */
  static final Attributes ATTRIBUTES =
      new Attributes(
          1,
          1,
          FileType.DIRECTORY,
          0555,
          2,
          0,
          0,
          null,
          null,
          0,
          0,
          0,
          Instant.EPOCH,
          Instant.EPOCH,
          Instant.EPOCH,
          Instant.EPOCH,
          Set.of(),
          0);

  private VirtualDirectory() {}
}
