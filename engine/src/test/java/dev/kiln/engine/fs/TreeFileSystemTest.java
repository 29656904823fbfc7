package dev.kiln.engine.fs;

import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.objset.ObjectSetSettings;
import dev.kiln.engine.tree.TreeOptions;
import dev.kiln.testkit.contract.FileSystemContract;
import java.io.IOException;
import java.time.Clock;

/**
 * The tree file system passes the writable FileSystem contract (quota and space tests are skipped).
 */
class TreeFileSystemTest extends FileSystemContract {

  @Override
  protected FileSystem newFileSystem(Clock clock) throws IOException {
    // 16 KiB records so that punching a hole frees whole records of a 64 KiB file.
    return TreeFileSystem.open(
        new TestObjectSet(
            clock,
            TreeOptions.defaults(),
            TestObjectSet.settings(ObjectSetSettings.SyncMode.STANDARD, 16 * 1024)));
  }
}
