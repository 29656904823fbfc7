package dev.kiln.engine.fs;

import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.testkit.contract.ReadOnlyFileSystemContract;
import java.io.IOException;
import java.time.Clock;

/** A view of a synced snapshot root passes the read-only FileSystem contract. */
class TreeSnapshotViewTest extends ReadOnlyFileSystemContract {

  private TestObjectSet objectSet;

  @Override
  protected FileSystem newWritableFileSystem(Clock clock) throws IOException {
    objectSet = new TestObjectSet(clock);
    return TreeFileSystem.open(objectSet);
  }

  @Override
  protected FileSystem freeze(FileSystem live) throws IOException {
    return TreeFileSystem.view(
        objectSet.snapshot(), objectSet.store(), live.guid() + 1, objectSet.clock());
  }
}
