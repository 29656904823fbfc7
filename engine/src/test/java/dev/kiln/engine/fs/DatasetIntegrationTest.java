package dev.kiln.engine.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.api.block.VolumeIdentity;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.api.fs.WriteStability;
import dev.kiln.engine.api.fs.XattrSetMode;
import dev.kiln.engine.api.manage.DatasetProperties;
import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.PropertyMap;
import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.dataset.DatasetHead;
import dev.kiln.engine.dataset.DatasetPool;
import dev.kiln.engine.dataset.DatasetPoolOptions;
import dev.kiln.engine.dataset.LogReplayer;
import dev.kiln.engine.dataset.ObjectLayout;
import dev.kiln.engine.pool.Pool;
import dev.kiln.engine.pool.PoolCreator;
import dev.kiln.engine.pool.PoolImporter;
import dev.kiln.engine.volume.TreeBlockVolume;
import dev.kiln.testkit.ManualClock;
import dev.kiln.testkit.crash.CrashInjectingDevice;
import dev.kiln.testkit.crash.MemoryDevice;
import dev.kiln.testkit.model.FsOperation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tree file system on a real pool and dataset layer: acknowledged stable changes survive a
 * simulated power loss through the dataset's intent log and this layer's replay, and snapshots are
 * browsable read-only views.
 */
class DatasetIntegrationTest {

  private static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-07-01T00:00:00Z"));

  /** The wiring a composition root does: extents' blocks for the dataset layer, and replay. */
  private static final ObjectLayout LAYOUT =
      (entry, sink) -> {
        Optional<BlockPointer> p = ObjectData.dataBlock(entry);
        if (p.isPresent()) {
          sink.accept(p.get());
        }
      };

  private static final LogReplayer REPLAYER =
      (head, record) -> new IntentReplayer(head).replay(record);

  private static DatasetPoolOptions options() {
    return new DatasetPoolOptions(CLOCK, LAYOUT, LAYOUT, REPLAYER, new Random(7));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] read(TreeFileSystem fs, long inode, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    int n = fs.read(inode, 0, b);
    return java.util.Arrays.copyOf(b.array(), n);
  }

  @Test
  void stableChangesSurvivePowerLossAndSnapshotsAreViews() throws IOException {
    CrashInjectingDevice dev = new CrashInjectingDevice("d0", 48 << 20);
    Pool pool =
        PoolCreator.named("tank").device(dev).random(new Random(7)).cacheBytes(1 << 20).create();
    DatasetPool dp = DatasetPool.create(pool, List.of(dev), options(), PropertyMap.empty());
    dp.createDataset("tank/fs", DatasetType.FILESYSTEM, PropertyMap.empty());
    DatasetHead head = dp.head("tank/fs");
    TreeFileSystem fs = TreeFileSystem.open(head);
    long root = fs.rootInode();
    long d = fs.mkdir(root, "docs", SetAttributes.none()).inode();
    long f = fs.create(d, "a.txt", SetAttributes.none()).inode();
    byte[] big = FsOperation.content(11, 300_000);
    fs.write(f, 0, ByteBuffer.wrap(big), WriteStability.UNSTABLE);
    dp.sync();
    dp.snapshot("tank/fs@one", false);

    fs.write(f, 1000, ByteBuffer.wrap(utf8("stable!")), WriteStability.FILE_SYNC);
    fs.setXattr(f, "user.tag", utf8("v"), XattrSetMode.EITHER);
    fs.rename(d, "a.txt", root, "b.txt");
    long g = fs.create(root, "g", SetAttributes.none()).inode();
    // A stable write commits every record appended before it (the xattr, rename and create).
    fs.write(g, 0, ByteBuffer.wrap(utf8("g")), WriteStability.FILE_SYNC);
    long h = fs.create(root, "h", SetAttributes.none()).inode();
    fs.write(h, 0, ByteBuffer.wrap(utf8("never committed")), WriteStability.UNSTABLE);

    MemoryDevice crashed = dev.crash(new Random(7));
    Pool imported = PoolImporter.on(List.of(crashed)).cacheBytes(1 << 20).importPool("tank");
    DatasetPool after = DatasetPool.open(imported, List.of(crashed), options());
    TreeFileSystem back = TreeFileSystem.open(after.head("tank/fs"));
    long b = back.lookup(back.rootInode(), "b.txt").inode();
    byte[] expected = big.clone();
    System.arraycopy(utf8("stable!"), 0, expected, 1000, 7);
    assertThat(read(back, b, 400_000)).isEqualTo(expected);
    assertThat(back.getXattr(b, "user.tag")).isEqualTo(utf8("v"));
    assertThat(read(back, back.lookup(back.rootInode(), "g").inode(), 10)).isEqualTo(utf8("g"));
    // h's creation was never committed (metadata is committed by commit or a stable write).
    assertThatThrownBy(() -> back.lookup(back.rootInode(), "h"))
        .isInstanceOf(dev.kiln.engine.api.error.NoSuchEntryException.class);

    TreeFileSystem snap =
        TreeFileSystem.view(after.snapshotTree("tank/fs@one"), imported.blockStore(), 99, CLOCK);
    long sd = snap.lookup(snap.rootInode(), "docs").inode();
    assertThat(read(snap, snap.lookup(sd, "a.txt").inode(), 400_000)).isEqualTo(big);
    assertThat(snap.readOnly()).isTrue();
    after.close();
  }

  @Test
  void unstableWritesAndCommitSurvivePowerLossWithoutLoggingTheData() throws IOException {
    CrashInjectingDevice dev = new CrashInjectingDevice("d0", 64 << 20);
    Pool pool =
        PoolCreator.named("tank").device(dev).random(new Random(9)).cacheBytes(1 << 20).create();
    DatasetPool dp = DatasetPool.create(pool, List.of(dev), options(), PropertyMap.empty());
    dp.createDataset("tank/fs", DatasetType.FILESYSTEM, PropertyMap.empty());
    TreeFileSystem fs = TreeFileSystem.open(dp.head("tank/fs"));
    long root = fs.rootInode();
    long f = fs.create(root, "big", SetAttributes.none()).inode();
    byte[] big = FsOperation.content(21, 3 << 20);
    for (int off = 0; off < big.length; off += 256 * 1024) {
      fs.write(f, off, ByteBuffer.wrap(big, off, 256 * 1024), WriteStability.UNSTABLE);
    }
    long small = fs.create(root, "small", SetAttributes.none()).inode();
    fs.write(small, 10, ByteBuffer.wrap(utf8("tail")), WriteStability.UNSTABLE);
    fs.commit(f, 0, 0);
    // After the commit: overwrite part of big unstably, and never commit.
    fs.write(f, 0, ByteBuffer.wrap(new byte[128 * 1024]), WriteStability.UNSTABLE);
    fs.create(root, "late", SetAttributes.none());

    MemoryDevice crashed = dev.crash(new Random(9));
    Pool imported = PoolImporter.on(List.of(crashed)).cacheBytes(1 << 20).importPool("tank");
    DatasetPool after = DatasetPool.open(imported, List.of(crashed), options());
    TreeFileSystem back = TreeFileSystem.open(after.head("tank/fs"));
    assertThat(read(back, back.lookup(root, "big").inode(), 4 << 20)).isEqualTo(big);
    byte[] expectedSmall = new byte[14];
    System.arraycopy(utf8("tail"), 0, expectedSmall, 10, 4);
    assertThat(read(back, back.lookup(root, "small").inode(), 100)).isEqualTo(expectedSmall);
    assertThatThrownBy(() -> back.lookup(root, "late"))
        .isInstanceOf(dev.kiln.engine.api.error.NoSuchEntryException.class);
    after.close();
  }

  @Test
  void smallUnstableWritesAreLoggedAtCommitAndSurvivePowerLoss() throws IOException {
    CrashInjectingDevice dev = new CrashInjectingDevice("d0", 48 << 20);
    Pool pool =
        PoolCreator.named("tank").device(dev).random(new Random(10)).cacheBytes(1 << 20).create();
    DatasetPool dp = DatasetPool.create(pool, List.of(dev), options(), PropertyMap.empty());
    dp.createDataset("tank/fs", DatasetType.FILESYSTEM, PropertyMap.empty());
    TreeFileSystem fs = TreeFileSystem.open(dp.head("tank/fs"));
    long root = fs.rootInode();
    long f = fs.create(root, "f", SetAttributes.none()).inode();
    fs.write(f, 0, ByteBuffer.wrap(FsOperation.content(1, 20_000)), WriteStability.UNSTABLE);
    dp.sync();
    byte[] expected = FsOperation.content(1, 20_000);
    byte[] patch = FsOperation.content(2, 5_000);
    fs.write(f, 3_000, ByteBuffer.wrap(patch), WriteStability.UNSTABLE);
    System.arraycopy(patch, 0, expected, 3_000, patch.length);
    long g = fs.create(root, "g", SetAttributes.none()).inode();
    fs.write(g, 0, ByteBuffer.wrap(utf8("small file")), WriteStability.UNSTABLE);
    long synced = pool.lastSyncedTxg();
    fs.commit(g, 0, 0);
    // Few records were pending: the commit logged them instead of committing a txg.
    assertThat(pool.lastSyncedTxg()).isEqualTo(synced);
    fs.write(f, 0, ByteBuffer.wrap(new byte[1000]), WriteStability.UNSTABLE);

    MemoryDevice crashed = dev.crash(new Random(10));
    Pool imported = PoolImporter.on(List.of(crashed)).cacheBytes(1 << 20).importPool("tank");
    DatasetPool after = DatasetPool.open(imported, List.of(crashed), options());
    TreeFileSystem back = TreeFileSystem.open(after.head("tank/fs"));
    assertThat(read(back, back.lookup(root, "f").inode(), 30_000)).isEqualTo(expected);
    assertThat(read(back, back.lookup(root, "g").inode(), 100)).isEqualTo(utf8("small file"));
    after.close();
  }

  @Test
  void volumeReadsOutsideTheLockSeeWholeRecordsWhileWritersAndSyncsRun() throws Exception {
    MemoryDevice dev = new MemoryDevice("d0", 64 << 20);
    // A cache far smaller than the volume, so reads go to the device while frees are reused.
    Pool pool =
        PoolCreator.named("tank").device(dev).random(new Random(11)).cacheBytes(64 << 10).create();
    DatasetPool dp = DatasetPool.create(pool, List.of(dev), options(), PropertyMap.empty());
    dp.createDataset(
        "tank/vol",
        DatasetType.VOLUME,
        PropertyMap.empty().with(DatasetProperties.VOLSIZE, 4L << 20));
    TreeBlockVolume vol =
        TreeBlockVolume.open(dp.head("tank/vol"), new VolumeIdentity(6, "KILNVOL"), 512, 8192);
    int record = vol.recordSize();
    int records = (4 << 20) / record;
    int perRecordBlocks = record / 512;
    java.util.concurrent.atomic.AtomicBoolean writing =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.concurrent.ConcurrentLinkedQueue<String> problems =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    List<Thread> threads = new java.util.ArrayList<>();
    List<Thread> writers = new java.util.ArrayList<>();
    for (int w = 0; w < 2; w++) {
      int seed = w;
      Thread t =
          Thread.ofPlatform()
              .start(
                  () -> {
                    Random r = new Random(seed);
                    byte[] data = new byte[record];
                    try {
                      for (int i = 0; i < 1500; i++) {
                        int at = r.nextInt(records);
                        // Every byte of a record carries the record's number and one version.
                        java.util.Arrays.fill(data, (byte) (1 + r.nextInt(250)));
                        data[0] = (byte) at;
                        vol.write((long) at * perRecordBlocks, ByteBuffer.wrap(data), false);
                      }
                    } catch (IOException | RuntimeException e) {
                      problems.add("writer: " + e);
                    }
                  });
      writers.add(t);
    }
    for (int w = 0; w < 2; w++) {
      int seed = 100 + w;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    Random r = new Random(seed);
                    try {
                      while (writing.get()) {
                        int at = r.nextInt(records);
                        ByteBuffer back = ByteBuffer.allocate(record);
                        vol.read((long) at * perRecordBlocks, back);
                        byte[] b = back.array();
                        boolean hole = b[0] == 0 && b[1] == 0;
                        if (!hole && (b[0] != (byte) at || b[1] == 0)) {
                          problems.add("record " + at + " starts " + b[0] + "," + b[1]);
                        }
                        for (int k = 2; k < b.length; k++) {
                          if (b[k] != b[1]) {
                            problems.add("record " + at + " is torn at byte " + k);
                            break;
                          }
                        }
                      }
                    } catch (IOException | RuntimeException e) {
                      problems.add("reader: " + e);
                    }
                  }));
    }
    threads.add(
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    while (writing.get()) {
                      dp.sync();
                    }
                  } catch (IOException | RuntimeException e) {
                    problems.add("sync: " + e);
                  }
                }));
    for (Thread t : writers) {
      t.join();
    }
    writing.set(false);
    for (Thread t : threads) {
      t.join();
    }
    assertThat(problems).isEmpty();
    assertThat(pool.errorCounts()).allSatisfy(c -> assertThat(c.checksumErrors()).isZero());
    dp.close();
  }

  @Test
  void volumeFuaWritesSurvivePowerLoss() throws IOException {
    CrashInjectingDevice dev = new CrashInjectingDevice("d0", 48 << 20);
    Pool pool =
        PoolCreator.named("tank").device(dev).random(new Random(8)).cacheBytes(1 << 20).create();
    DatasetPool dp = DatasetPool.create(pool, List.of(dev), options(), PropertyMap.empty());
    dp.createDataset(
        "tank/vol",
        DatasetType.VOLUME,
        PropertyMap.empty().with(DatasetProperties.VOLSIZE, 4L << 20));
    VolumeIdentity id = new VolumeIdentity(5, "KILNVOL");
    TreeBlockVolume vol = TreeBlockVolume.open(dp.head("tank/vol"), id, 512, 8192);
    byte[] fua = FsOperation.content(3, 4096);
    vol.write(100, ByteBuffer.wrap(fua), true);
    byte[] flushed = FsOperation.content(4, 1024);
    vol.write(2000, ByteBuffer.wrap(flushed), false);
    vol.flush();
    vol.write(3000, ByteBuffer.wrap(FsOperation.content(5, 512)), false);

    MemoryDevice crashed = dev.crash(new Random(8));
    Pool imported = PoolImporter.on(List.of(crashed)).cacheBytes(1 << 20).importPool("tank");
    DatasetPool after = DatasetPool.open(imported, List.of(crashed), options());
    TreeBlockVolume back = TreeBlockVolume.open(after.head("tank/vol"), id, 512, 8192);
    ByteBuffer a = ByteBuffer.allocate(4096);
    back.read(100, a);
    assertThat(a.array()).isEqualTo(fua);
    ByteBuffer b = ByteBuffer.allocate(1024);
    back.read(2000, b);
    assertThat(b.array()).isEqualTo(flushed);
    after.close();
  }
}
