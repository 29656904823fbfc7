package dev.kiln.testkit.memory;

import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.FsLimits;
import dev.kiln.testkit.contract.FileSystemContract;
import java.time.Clock;
import java.util.Optional;

/** The reference implementation passes its own contract (with a reachable link limit). */
class MemoryFileSystemTest extends FileSystemContract {

  private static final FsLimits LIMITS = new FsLimits(255, 1L << 40, 200, 4095, 65_536);

  @Override
  protected FileSystem newFileSystem(Clock clock) {
    return new MemoryFileSystem(clock, MemoryOptions.defaults().withLimits(LIMITS));
  }

  @Override
  protected Optional<FileSystem> newFileSystemWithQuota(Clock clock, long quotaBytes) {
    return Optional.of(new MemoryFileSystem(clock, MemoryOptions.defaults().withQuota(quotaBytes)));
  }

  @Override
  protected Optional<FileSystem> newFileSystemWithCapacity(Clock clock, long capacityBytes) {
    return Optional.of(
        new MemoryFileSystem(clock, MemoryOptions.defaults().withCapacity(capacityBytes)));
  }
}
