package dev.kiln.daemon.storage;

import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.api.fs.WriteStability;
import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.EngineOptions;
import dev.kiln.engine.api.manage.PropertyMap;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A child process for the kill -9 test: opens (or creates) a pool in a data directory and writes
 * records to files with FILE_SYNC from several threads, printing {@code ack <file> <offset> <seed>}
 * after each write returns. Whatever it printed must survive SIGKILL.
 */
public final class CrashWriter {

  private CrashWriter() {}

  /** Args: data directory. Runs until killed. */
  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    PrintStream out = new PrintStream(System.out, false, java.nio.charset.StandardCharsets.UTF_8);
    PoolSet pools =
        PoolSet.open(
            dataDir, new EngineOptions(Clock.systemUTC(), 64L << 20, Duration.ofMillis(200)));
    if (pools.engine().pools().isEmpty()) {
      pools.createPool("crash", List.of(), 2L << 30, Map.of());
      pools.engine().createDataset("crash/data", DatasetType.FILESYSTEM, PropertyMap.empty());
    }
    FileSystem fs = pools.engine().dataset("crash/data").fileSystem();
    int threads = 4;
    long[] inodes = new long[threads];
    for (int t = 0; t < threads; t++) {
      inodes[t] = fs.create(fs.rootInode(), "f" + t, SetAttributes.none()).inode();
    }
    synchronized (out) {
      out.println("ready");
      out.flush();
    }
    for (int t = 0; t < threads; t++) {
      int file = t;
      Thread.ofPlatform()
          .start(
              () -> {
                SplittableRandom r = new SplittableRandom(file);
                for (long i = 0; ; i++) {
                  long seed = r.nextLong();
                  long offset = i * 8192;
                  ByteBuffer data = CrashRecords.record(seed);
                  try {
                    fs.write(inodes[file], offset, data, WriteStability.FILE_SYNC);
                  } catch (Exception e) {
                    synchronized (out) {
                      out.println("error " + e);
                      out.flush();
                    }
                    return;
                  }
                  synchronized (out) {
                    out.println("ack f" + file + " " + offset + " " + seed);
                    out.flush();
                  }
                }
              });
    }
    Thread.currentThread().join();
  }
}
