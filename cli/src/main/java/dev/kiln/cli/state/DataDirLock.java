package dev.kiln.cli.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The exclusive lock a daemon holds on its data directory ({@code kiln.lock}), so two daemons can
 * never write the same pool. The lock is an OS file lock: it disappears with the process, even
 * after {@code kill -9}, so a stale lock file never blocks a restart.
 */
public final class DataDirLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock file of a data directory. */
  public static Path file(Path dataDir) {
    return dataDir.resolve("kiln.lock");
  }

  /**
   * Takes the lock and records this process's pid in it.
   *
   * @throws AlreadyRunningException if another process holds it
   */
  public static DataDirLock acquire(Path dataDir) throws IOException {
    Path file = file(dataDir);
    FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      ch.close();
      throw new AlreadyRunningException(dataDir, holderPid(dataDir));
    }
    ch.truncate(0);
    ch.write(
        ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
        0);
    ch.force(true);
    return new DataDirLock(ch, lock);
  }

  /** Whether a live process holds the lock of this data directory. */
  public static boolean isHeld(Path dataDir) throws IOException {
    Path file = file(dataDir);
    if (!Files.exists(file)) {
      return false;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock probe = ch.tryLock();
      if (probe == null) {
        return true;
      }
      probe.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    }
  }

  /** The pid recorded by the holder, if readable. */
  public static Optional<Long> holderPid(Path dataDir) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file(dataDir)).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Releases the lock. */
  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}
