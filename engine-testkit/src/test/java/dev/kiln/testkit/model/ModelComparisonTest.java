package dev.kiln.testkit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.api.fs.WriteStability;
import dev.kiln.testkit.ManualClock;
import dev.kiln.testkit.memory.MemoryFileSystem;
import dev.kiln.testkit.memory.MemoryOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelComparisonTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void referenceAgreesWithItselfOverALongRandomSequence() throws IOException {
    long seed = RandomFileSystemOperations.seedFromProperty(0x5EED_2026L);
    int count = RandomFileSystemOperations.iterationsFromProperty(4000);
    List<FsOperation> ops = new RandomFileSystemOperations(seed).generate(count);
    ModelComparison.Report report =
        new ModelComparison(
                new MemoryFileSystem(clock), new MemoryFileSystem(clock), 100, "seed=" + seed)
            .run(ops);
    assertThat(report.operations()).isEqualTo(count);
    assertThat(report.treeChecks()).isGreaterThanOrEqualTo(count / 100);
    // The generator must exercise both successes and the common error statuses.
    assertThat(report.outcomes().getOrDefault("ok", 0))
        .as("%s", report.outcomes())
        .isGreaterThan(count / 5);
    assertThat(report.outcomes())
        .containsKeys(
            "NoSuchEntryException",
            "AlreadyExistsException",
            "NotDirectoryException",
            "IsDirectoryException",
            "DirectoryNotEmptyException");
    assertThat(report.finalTree().nodes().size()).isGreaterThan(3);
  }

  @Test
  void sameSeedGivesTheSameSequence() {
    assertThat(new RandomFileSystemOperations(42).generate(500))
        .isEqualTo(new RandomFileSystemOperations(42).generate(500));
    assertThat(new RandomFileSystemOperations(42).generate(50))
        .isNotEqualTo(new RandomFileSystemOperations(43).generate(50));
  }

  @Test
  void aSubjectWithLessSpaceIsCaught() {
    MemoryFileSystem subject =
        new MemoryFileSystem(clock, MemoryOptions.defaults().withCapacity(64 << 10));
    List<FsOperation> ops = new RandomFileSystemOperations(7).generate(3000);
    assertThatThrownBy(
            () -> new ModelComparison(new MemoryFileSystem(clock), subject, 50, "seed=7").run(ops))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("seed=7")
        .hasMessageContaining("NoSpaceException");
  }

  @Test
  void aHiddenDifferenceInTheTreeIsCaughtByTheTreeCheck() throws IOException {
    MemoryFileSystem reference = new MemoryFileSystem(clock);
    MemoryFileSystem subject = new MemoryFileSystem(clock);
    for (MemoryFileSystem fs : List.of(reference, subject)) {
      fs.create(fs.rootInode(), "zz", SetAttributes.none());
    }
    long zz = subject.lookup(subject.rootInode(), "zz").inode();
    subject.write(zz, 0, ByteBuffer.wrap(new byte[] {1}), WriteStability.UNSTABLE);
    // Only stats of another path: the operations themselves cannot notice the difference.
    List<FsOperation> ops = List.of(new FsOperation.Stat("/"), new FsOperation.Create("/a"));
    assertThatThrownBy(() -> new ModelComparison(reference, subject, 1, "hidden").run(ops))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("trees differ")
        .hasMessageContaining("/zz");
  }

  @Test
  void treeSnapshotRecordsContentModeLinksAndXattrs() throws IOException {
    MemoryFileSystem fs = new MemoryFileSystem(clock);
    new FsOperation.Mkdir("/d").apply(fs);
    new FsOperation.Create("/d/f").apply(fs);
    new FsOperation.Write("/d/f", 10, 100, 1).apply(fs);
    new FsOperation.Link("/d/f", "/g").apply(fs);
    new FsOperation.Chmod("/g", 0600).apply(fs);
    TreeSnapshot before = TreeSnapshot.capture(fs);
    assertThat(before.nodes()).containsOnlyKeys("/", "/d", "/d/f", "/g");
    assertThat(before.nodes().get("/d/f").size()).isEqualTo(110);
    assertThat(before.nodes().get("/d/f").nlink()).isEqualTo(2);
    assertThat(before.nodes().get("/d/f").mode()).isEqualTo(0600);
    new FsOperation.SetXattr("/g", "user.x", 5, dev.kiln.engine.api.fs.XattrSetMode.EITHER)
        .apply(fs);
    TreeSnapshot after = TreeSnapshot.capture(fs);
    assertThat(before.differences(after)).hasSize(2);
    new FsOperation.Write("/g", 0, 1, 9).apply(fs);
    assertThat(after.differences(TreeSnapshot.capture(fs))).hasSize(2);
  }
}
