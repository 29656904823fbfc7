package dev.kiln.engine.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.api.error.EngineException;
import dev.kiln.engine.api.fs.SetAttributes;
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
 * prefix of the operations, and that prefix includes every operation whose record was committed and
 * every operation before a {@code commit} (which syncs the txg when unstable writes, never logged
 * under sync=standard, are pending).
 */
class CrashPrefixTest {

  private static final String ANCHOR = "commit-anchor";

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
    // A file to name in commits (commit makes every earlier change durable, whatever it names).
    long anchor = fs.create(fs.rootInode(), ANCHOR, SetAttributes.none()).inode();
    fs.commit(anchor, 0, 0);
    List<FsOperation> ops = new RandomFileSystemOperations(seed).generate(600);
    SplittableRandom random = new SplittableRandom(seed);
    int crashAt = random.nextInt(50, ops.size());
    int logSizeBefore = os.log().size();
    int[] logSizeAfter = new int[crashAt];
    int syncedOps = 0;
    int committedOps = 0;
    long syncedTxg = os.syncedTxg();
    for (int i = 0; i < crashAt; i++) {
      Outcome.of(fs, ops.get(i));
      logSizeAfter[i] = os.log().size();
      if (random.nextInt(100) == 0) {
        syncedTxg = os.sync();
        syncedOps = i + 1;
      } else if (random.nextInt(30) == 0) {
        try {
          fs.commit(anchor, 0, 0);
          // A commit syncs the txg when unlogged unstable writes are pending, else commits the
          // log: either way every operation so far is durable.
          syncedTxg = os.syncedTxg();
          committedOps = i + 1;
          // The commit may append records (content of unstable writes): not the next op's.
          logSizeAfter[i] = os.log().size();
        } catch (EngineException e) {
          // The random operations removed or replaced the anchor: no commit this time.
        }
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
    // Operations 0..prefix-1 must all be present: the synced ones, those before a commit, and those
    // whose records are committed. Only an operation that appended a record is covered by the log:
    // one appending nothing is a failure or a read (changing nothing) or an unstable write, which
    // is never logged under sync=standard and durable only through a sync.
    int prefix = Math.max(syncedOps, committedOps);
    for (int i = 0; i < crashAt; i++) {
      int before = i == 0 ? logSizeBefore : logSizeAfter[i - 1];
      if (logSizeAfter[i] > before && logSizeAfter[i] - 1 <= committed) {
        prefix = Math.max(prefix, i + 1);
      }
    }
    MemoryFileSystem reference = new MemoryFileSystem(clock);
    reference.create(reference.rootInode(), ANCHOR, SetAttributes.none());
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
