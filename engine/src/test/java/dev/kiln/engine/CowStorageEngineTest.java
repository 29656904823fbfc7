package dev.kiln.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.api.error.BusyException;
import dev.kiln.engine.api.error.InvalidArgumentException;
import dev.kiln.engine.api.error.QuotaExceededException;
import dev.kiln.engine.api.error.ReadOnlyFileSystemException;
import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.FileType;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.api.fs.WriteStability;
import dev.kiln.engine.api.manage.DatasetProperties;
import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.DiffEntry;
import dev.kiln.engine.api.manage.DiffKind;
import dev.kiln.engine.api.manage.PropertyMap;
import dev.kiln.engine.api.manage.ScrubState;
import dev.kiln.engine.api.manage.VdevSpec;
import dev.kiln.testkit.ManualClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CowStorageEngineTest {

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-02-01T00:00:00Z"));

  private CowStorageEngine engine() {
    return new CowStorageEngine(clock, null, Duration.ofSeconds(5), 64L << 20);
  }

  private static long writeFile(FileSystem fs, String name, String text) throws Exception {
    long ino = fs.create(fs.rootInode(), name, SetAttributes.none()).inode();
    fs.write(
        ino, 0, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), WriteStability.FILE_SYNC);
    return ino;
  }

  private static String readFile(FileSystem fs, String name) throws Exception {
    long ino = fs.lookup(fs.rootInode(), name).inode();
    ByteBuffer b = ByteBuffer.allocate(1 << 16);
    int n = fs.read(ino, 0, b);
    return new String(b.array(), 0, n, StandardCharsets.UTF_8);
  }

  @Test
  void fileSystemsSnapshotsClonesAndExportImport() throws Exception {
    Path file = dir.resolve("tank.img");
    try (CowStorageEngine engine = engine()) {
      engine.createPool("tank", List.of(new VdevSpec(file, 64L << 20)), PropertyMap.empty());
      var home = engine.createDataset("tank/home", DatasetType.FILESYSTEM, PropertyMap.empty());
      FileSystem fs = home.fileSystem();
      long ino = writeFile(fs, "a.txt", "first");
      engine.createSnapshot("tank/home@s1", false);
      fs.write(
          ino,
          0,
          ByteBuffer.wrap("SECOND".getBytes(StandardCharsets.UTF_8)),
          WriteStability.FILE_SYNC);
      writeFile(fs, "b.txt", "new");

      FileSystem snap = engine.snapshot("tank/home@s1").fileSystem();
      assertThat(snap.readOnly()).isTrue();
      assertThat(readFile(snap, "a.txt")).isEqualTo("first");
      assertThatThrownBy(() -> snap.lookup(snap.rootInode(), "b.txt"))
          .isInstanceOf(IOException.class);
      assertThatThrownBy(() -> snap.create(snap.rootInode(), "x", SetAttributes.none()))
          .isInstanceOf(ReadOnlyFileSystemException.class);
      assertThat(readFile(fs, "a.txt")).isEqualTo("SECOND");

      var clone = engine.clone("tank/home@s1", "tank/copy", PropertyMap.empty());
      assertThat(clone.origin()).contains("tank/home@s1");
      assertThat(readFile(clone.fileSystem(), "a.txt")).isEqualTo("first");
      assertThatThrownBy(() -> engine.destroySnapshot("tank/home@s1"))
          .isInstanceOf(BusyException.class);
      fs.mkdir(fs.rootInode(), "d", SetAttributes.none());
      fs.rename(fs.rootInode(), "b.txt", fs.lookup(fs.rootInode(), "d").inode(), "b2.txt");
      engine.createSnapshot("tank/home@s2", false);
      fs.rename(fs.rootInode(), "a.txt", fs.rootInode(), "renamed.txt");
      fs.unlink(fs.lookup(fs.rootInode(), "d").inode(), "b2.txt");
      writeFile(fs, "c.txt", "c");
      assertThat(engine.diff("tank/home@s1", "tank/home@s2"))
          .containsExactly(
              new DiffEntry(DiffKind.MODIFIED, "/", null, FileType.DIRECTORY),
              new DiffEntry(DiffKind.MODIFIED, "/a.txt", null, FileType.FILE),
              new DiffEntry(DiffKind.CREATED, "/d", null, FileType.DIRECTORY),
              new DiffEntry(DiffKind.CREATED, "/d/b2.txt", null, FileType.FILE));
      assertThat(engine.diff("tank/home@s2", "tank/home"))
          .containsExactly(
              new DiffEntry(DiffKind.MODIFIED, "/", null, FileType.DIRECTORY),
              new DiffEntry(DiffKind.RENAMED, "/a.txt", "/renamed.txt", FileType.FILE),
              new DiffEntry(DiffKind.CREATED, "/c.txt", null, FileType.FILE),
              new DiffEntry(DiffKind.MODIFIED, "/d", null, FileType.DIRECTORY),
              new DiffEntry(DiffKind.DELETED, "/d/b2.txt", null, FileType.FILE));
      assertThatThrownBy(() -> engine.diff("tank/home@s2", "tank/home@s1"))
          .isInstanceOf(InvalidArgumentException.class);
      engine.destroySnapshot("tank/home@s2");

      engine.rollback("tank/home@s1", false);
      assertThat(readFile(engine.dataset("tank/home").fileSystem(), "a.txt")).isEqualTo("first");
      assertThat(engine.datasets("tank", true)).hasSize(3);
      engine.pool("tank").startScrub();
      assertThat(engine.pool("tank").scrubStatus().state()).isEqualTo(ScrubState.FINISHED);
      assertThat(engine.pool("tank").scrubStatus().errors()).isZero();
      engine.exportPool("tank");
    }
    try (CowStorageEngine engine = engine()) {
      engine.importPool("tank", List.of(file));
      assertThat(readFile(engine.dataset("tank/copy").fileSystem(), "a.txt")).isEqualTo("first");
      assertThat(readFile(engine.dataset("tank/home").fileSystem(), "a.txt")).isEqualTo("first");
      engine.destroyDataset("tank/copy", false);
      engine.destroySnapshot("tank/home@s1");
      assertThat(engine.dataset("tank/home").snapshots()).isEmpty();
    }
  }

  @Test
  void volumesQuotasAndTypeChecks() throws Exception {
    try (CowStorageEngine engine = engine()) {
      engine.createPool(
          "tank", List.of(new VdevSpec(dir.resolve("t.img"), 64L << 20)), PropertyMap.empty());
      var vol =
          engine.createDataset(
              "tank/vol",
              DatasetType.VOLUME,
              PropertyMap.empty().with(DatasetProperties.VOLSIZE, 1L << 20));
      assertThatThrownBy(vol::fileSystem).isInstanceOf(InvalidArgumentException.class);
      byte[] block = new byte[4096];
      block[7] = 42;
      vol.volume().write(8, ByteBuffer.wrap(block), true);
      ByteBuffer back = ByteBuffer.allocate(4096);
      vol.volume().read(8, back);
      assertThat(back.array()).isEqualTo(block);
      engine.createSnapshot("tank/vol@v1", false);
      byte[] changed = block.clone();
      changed[7] = 43;
      vol.volume().write(8, ByteBuffer.wrap(changed), true);
      var view = engine.snapshot("tank/vol@v1").volume();
      assertThat(view.readOnly()).isTrue();
      ByteBuffer old = ByteBuffer.allocate(4096);
      view.read(8, old);
      assertThat(old.array()).isEqualTo(block);
      ByteBuffer now = ByteBuffer.allocate(4096);
      vol.volume().read(8, now);
      assertThat(now.array()).isEqualTo(changed);
      assertThatThrownBy(() -> engine.snapshot("tank/vol@v1").fileSystem())
          .isInstanceOf(InvalidArgumentException.class);

      var small =
          engine.createDataset(
              "tank/small",
              DatasetType.FILESYSTEM,
              PropertyMap.empty().with(DatasetProperties.QUOTA, 200_000L));
      FileSystem fs = small.fileSystem();
      long ino = fs.create(fs.rootInode(), "big", SetAttributes.none()).inode();
      byte[] random = new byte[128 * 1024];
      new java.util.Random(5).nextBytes(random);
      assertThatThrownBy(
              () -> {
                for (int i = 0; i < 4; i++) {
                  fs.write(
                      ino,
                      (long) i * random.length,
                      ByteBuffer.wrap(random),
                      WriteStability.UNSTABLE);
                }
              })
          .isInstanceOf(QuotaExceededException.class);
      assertThat(small.properties()).isNotEmpty();
      assertThat(small.get(DatasetProperties.QUOTA).value()).isEqualTo(200_000L);
    }
  }

  @Test
  void diffOfAFileSystemNeverOpenedIsEmpty() throws Exception {
    Path file = dir.resolve("fresh.img");
    try (CowStorageEngine engine = engine()) {
      engine.createPool("fresh", List.of(new VdevSpec(file, 64L << 20)), PropertyMap.empty());
      engine.createDataset("fresh/d", DatasetType.FILESYSTEM, PropertyMap.empty());
      engine.createSnapshot("fresh/d@a", false);
      assertThat(engine.diff("fresh/d@a", "fresh/d")).isEmpty();
      // Once files appear, the same snapshot diffs against them.
      var fs = engine.dataset("fresh/d").fileSystem();
      fs.create(fs.rootInode(), "new", dev.kiln.engine.api.fs.SetAttributes.none());
      engine.sync("fresh");
      assertThat(engine.diff("fresh/d@a", "fresh/d"))
          .extracting(dev.kiln.engine.api.manage.DiffEntry::path)
          .contains("/new");
    }
  }

  @Test
  void aVolumeGrowsWithVolsizeKeepsItsDataAcrossAnImportAndNeverShrinks() throws Exception {
    Path file = dir.resolve("vol.img");
    byte[] first = new byte[512];
    byte[] past = new byte[512];
    java.util.Arrays.fill(first, (byte) 1);
    java.util.Arrays.fill(past, (byte) 2);
    try (CowStorageEngine engine = engine()) {
      engine.createPool("tank", List.of(new VdevSpec(file, 64L << 20)), PropertyMap.empty());
      var ds =
          engine.createDataset(
              "tank/vol",
              DatasetType.VOLUME,
              PropertyMap.empty().with(DatasetProperties.VOLSIZE, 1L << 20));
      var vol = ds.volume();
      vol.write(0, ByteBuffer.wrap(first), true);
      assertThat(vol.blockCount()).isEqualTo(2048);
      assertThatThrownBy(() -> vol.write(2048, ByteBuffer.wrap(past), true))
          .isInstanceOf(IOException.class);

      ds.set(DatasetProperties.VOLSIZE, 2L << 20);
      // The open volume grows at once: the new blocks read as zeros and take writes.
      assertThat(vol.blockCount()).isEqualTo(4096);
      ByteBuffer zeros = ByteBuffer.allocate(512);
      vol.read(4095, zeros);
      assertThat(zeros.array()).containsOnly(0);
      vol.write(2048, ByteBuffer.wrap(past), true);

      assertThatThrownBy(() -> ds.set(DatasetProperties.VOLSIZE, 1L << 20))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("shrink");
      assertThat(ds.get(DatasetProperties.VOLSIZE).value()).isEqualTo(2L << 20);
      engine.exportPool("tank");
    }
    try (CowStorageEngine engine = engine()) {
      engine.importPool("tank", List.of(file));
      var vol = engine.dataset("tank/vol").volume();
      assertThat(vol.blockCount()).isEqualTo(4096);
      ByteBuffer a = ByteBuffer.allocate(512);
      vol.read(0, a);
      assertThat(a.array()).isEqualTo(first);
      ByteBuffer b = ByteBuffer.allocate(512);
      vol.read(2048, b);
      assertThat(b.array()).isEqualTo(past);
    }
  }
}
