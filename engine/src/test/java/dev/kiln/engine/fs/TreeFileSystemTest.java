package dev.kiln.engine.fs;

import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.block.Compression;
import dev.kiln.engine.objset.ObjectSetSettings;
import dev.kiln.engine.objset.ObjectSetSettings.SyncMode;
import dev.kiln.engine.tree.TreeOptions;
import dev.kiln.testkit.contract.FileSystemContract;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

/** The tree file system passes the writable FileSystem contract. */
class TreeFileSystemTest extends FileSystemContract {

  @Override
  protected Optional<FileSystem> newFileSystemWithQuota(Clock clock, long quotaBytes)
      throws IOException {
    return Optional.of(limited(clock, quotaBytes, true));
  }

  @Override
  protected Optional<FileSystem> newFileSystemWithCapacity(Clock clock, long capacityBytes)
      throws IOException {
    return Optional.of(limited(clock, capacityBytes, false));
  }

  /** Uncompressed (the contract writes zeros), with the space limit enforced by the store. */
  private static FileSystem limited(Clock clock, long bytes, boolean quota) throws IOException {
    TestObjectSet os =
        new TestObjectSet(
            clock,
            TreeOptions.defaults(),
            new ObjectSetSettings(
                Compression.OFF, 16 * 1024, 16 * 1024, true, SyncMode.STANDARD, false));
    os.limit(bytes, quota);
    return TreeFileSystem.open(os);
  }

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
