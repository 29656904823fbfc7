package dev.kiln.testkit.memory;

import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.testkit.contract.ReadOnlyFileSystemContract;
import java.time.Clock;

/** MemoryFileSystem snapshots pass the read-only view contract. */
class MemorySnapshotTest extends ReadOnlyFileSystemContract {

  @Override
  protected FileSystem newWritableFileSystem(Clock clock) {
    return new MemoryFileSystem(clock);
  }

  @Override
  protected FileSystem freeze(FileSystem live) {
    return ((MemoryFileSystem) live).snapshot();
  }
}
