package dev.kiln.daemon.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.manage.EngineOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged stable writes survive {@code kill -9}: a child process writes with FILE_SYNC from
 * four threads and prints each acknowledgement; the test kills it with SIGKILL mid-stream, opens
 * the pool again and checks every acknowledged record byte for byte.
 */
class KillNineIT {

  @TempDir Path dataDir;

  @Test
  void acknowledgedSyncWritesSurviveSigkill() throws Exception {
    for (int round = 0; round < 3; round++) {
      java.util.Queue<String> acks = new java.util.concurrent.ConcurrentLinkedQueue<>();
      java.util.concurrent.atomic.AtomicInteger ackCount =
          new java.util.concurrent.atomic.AtomicInteger();
      ProcessBuilder pb =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "--enable-native-access=ALL-UNNAMED",
                  "-cp",
                  System.getProperty("java.class.path"),
                  CrashWriter.class.getName(),
                  dataDir.toString())
              .redirectErrorStream(true);
      Process child = pb.start();
      Thread reader =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (BufferedReader r =
                        new BufferedReader(
                            new InputStreamReader(
                                child.getInputStream(), StandardCharsets.UTF_8))) {
                      for (String line; (line = r.readLine()) != null; ) {
                        acks.add(line);
                        if (line.startsWith("ack ")) {
                          ackCount.incrementAndGet();
                        }
                      }
                    } catch (java.io.IOException e) {
                      acks.add("closed " + e);
                    }
                  });
      int target = 200 + round * 150;
      try {
        await()
            .atMost(Duration.ofMinutes(2))
            .until(() -> ackCount.get() >= target || !child.isAlive());
        assertThat(child.isAlive()).as(String.join("\n", acks)).isTrue();
      } finally {
        child.toHandle().destroyForcibly(); // SIGKILL, also when the test fails
      }
      child.waitFor();
      reader.join();
      assertThat(acks).noneMatch(l -> l.startsWith("error"));

      List<String> acked = acks.stream().filter(l -> l.startsWith("ack ")).toList();
      try (PoolSet pools =
          PoolSet.open(dataDir, new EngineOptions(Clock.systemUTC(), 64L << 20, Duration.ZERO))) {
        FileSystem fs = pools.engine().dataset("crash/data").fileSystem();
        for (String line : acked) {
          String[] f = line.split(" ");
          long inode = fs.lookup(fs.rootInode(), f[1]).inode();
          long offset = Long.parseLong(f[2]);
          ByteBuffer expected = CrashRecords.record(Long.parseLong(f[3]));
          ByteBuffer actual = ByteBuffer.allocate(CrashRecords.SIZE);
          int n = fs.read(inode, offset, actual);
          assertThat(n)
              .as("bytes of %s after kill -9 in round %d", line, round)
              .isEqualTo(CrashRecords.SIZE);
          assertThat(actual.flip()).as("%s after kill -9", line).isEqualTo(expected);
        }
        // Later rounds write the same offsets again: truncate so they start afresh.
        for (int t = 0; t < 4; t++) {
          fs.unlink(fs.rootInode(), "f" + t);
        }
      }
      System.out.printf(
          "kill -9 round %d: %d acknowledged FILE_SYNC writes all intact%n", round, acked.size());
    }
  }
}
