package dev.kiln.engine.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.block.Compression;
import dev.kiln.engine.objset.ObjectSetSettings;
import dev.kiln.engine.objset.ObjectSetSettings.SyncMode;
import dev.kiln.engine.tree.TreeOptions;
import dev.kiln.testkit.ManualClock;
import dev.kiln.testkit.memory.MemoryFileSystem;
import dev.kiln.testkit.model.FsOperation;
import dev.kiln.testkit.model.Outcome;
import dev.kiln.testkit.model.RandomFileSystemOperations;
import dev.kiln.testkit.model.TreeSnapshot;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Crash at a random point of a random operation sequence (with txg syncs at random points), replay
 * the surviving log over the last synced root: the file system is exactly the reference after some
 * prefix of the operations, and that prefix includes every operation whose record was committed.
 */
class CrashPrefixTest {

  @Test
  void recoveryYieldsTheStateAfterTheCommittedPrefix() throws IOException {
    long base = RandomFileSystemOperations.seedFromProperty(0xc0ffeeL);
    int runs = Math.max(4, RandomFileSystemOperations.iterationsFromProperty(3000) / 500);
    for (int run = 0; run < runs; run++) {
      crashOnce(base + run);
    }
  }

  private void crashOnce(long seed) throws IOException {
    ManualClock clock = new ManualClock(Instant.parse("2026-06-01T00:00:00Z"));
    TestObjectSet os =
        new TestObjectSet(
            clock,
            TreeOptions.defaults().withNodeSize(2048),
            new ObjectSetSettings(Compression.LZ4, 4096, 4096, false, SyncMode.STANDARD, false));
    TreeFileSystem fs = TreeFileSystem.open(os);
    List<FsOperation> ops = new RandomFileSystemOperations(seed).generate(600);
    SplittableRandom random = new SplittableRandom(seed);
    int crashAt = random.nextInt(50, ops.size());
    int[] logSizeAfter = new int[crashAt];
    int syncedOps = 0;
    long syncedTxg = os.syncedTxg();
    for (int i = 0; i < crashAt; i++) {
      Outcome.of(fs, ops.get(i));
      logSizeAfter[i] = os.log().size();
      if (random.nextInt(100) == 0) {
        syncedTxg = os.sync();
        syncedOps = i + 1;
      }
    }
    long committed = os.log().committed();
    List<byte[]> survivors = os.crash();
    IntentReplayer replayer = new IntentReplayer(os);
    for (byte[] r : survivors) {
      if (IntentRecord.txgOf(r) > syncedTxg) {
        replayer.replay(r);
      }
    }
    // Operations 0..prefix-1 must all be present: the synced ones and those whose records are
    // committed (ops appending nothing are failures or reads and change nothing).
    int prefix = syncedOps;
    for (int i = 0; i < crashAt; i++) {
      if (logSizeAfter[i] - 1 <= committed) {
        prefix = Math.max(prefix, i + 1);
      }
    }
    MemoryFileSystem reference = new MemoryFileSystem(clock);
    for (int i = 0; i < prefix; i++) {
      Outcome.of(reference, ops.get(i));
    }
    List<String> diff =
        TreeSnapshot.capture(reference).differences(TreeSnapshot.capture(TreeFileSystem.open(os)));
    assertThat(diff)
        .as("seed %d crash after op %d, committed prefix %d", seed, crashAt, prefix)
        .isEmpty();
  }
}
