package dev.kiln.engine.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.block.Compression;
import dev.kiln.engine.objset.ObjectSetSettings;
import dev.kiln.engine.tree.TreeOptions;
import dev.kiln.testkit.ManualClock;
import dev.kiln.testkit.memory.MemoryFileSystem;
import dev.kiln.testkit.model.FsOperation;
import dev.kiln.testkit.model.ModelComparison;
import dev.kiln.testkit.model.RandomFileSystemOperations;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Random operation sequences give the same results and the same tree on the reference and the tree
 * file system; every few hundred operations the txg is synced, the head reopened from the committed
 * root and a fresh file system instance opened on it (the state persists).
 */
class TreeFileSystemModelTest {

  private static final int CHUNK = 250;

  @Test
  void randomOperationsMatchTheReferenceAcrossSyncsAndReopens() throws IOException {
    long seed = RandomFileSystemOperations.seedFromProperty(0x5eed_f5L);
    int count = RandomFileSystemOperations.iterationsFromProperty(3000);
    for (Compression compression : new Compression[] {Compression.LZ4, Compression.OFF}) {
      run(seed, count, compression);
    }
  }

  private void run(long seed, int count, Compression compression) throws IOException {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    MemoryFileSystem reference = new MemoryFileSystem(clock);
    // Small nodes (deep trees, chunked values) and 4 KiB records (many extents, partial records).
    TestObjectSet objectSet =
        new TestObjectSet(
            clock,
            TreeOptions.defaults().withNodeSize(2048),
            new ObjectSetSettings(
                compression, 4096, 4096, true, ObjectSetSettings.SyncMode.STANDARD, false));
    RandomFileSystemOperations random = new RandomFileSystemOperations(seed);
    List<FsOperation> ops = random.generate(count);
    String label = "seed " + seed + " (" + compression + ", -Dkiln.random.seed to repeat)";
    int syncs = 0;
    int checks = 0;
    for (int from = 0; from < ops.size(); from += CHUNK) {
      TreeFileSystem subject = TreeFileSystem.open(objectSet);
      List<FsOperation> chunk = ops.subList(from, Math.min(ops.size(), from + CHUNK));
      checks +=
          new ModelComparison(reference, subject, 50, label + " chunk " + from)
              .run(chunk)
              .treeChecks();
      objectSet.sync();
      syncs++;
    }
    // A last full comparison on an instance opened after the final sync.
    ModelComparison.Report last =
        new ModelComparison(reference, TreeFileSystem.open(objectSet), 1, label).run(List.of());
    assertThat(syncs).isGreaterThan(1);
    assertThat(checks).isGreaterThan(count / 50 - 1);
    assertThat(last.finalTree().nodes()).isNotEmpty();
  }
}
