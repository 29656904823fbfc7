package dev.kiln.engine.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.CowStorageEngine;
import dev.kiln.engine.api.block.VolumeIdentity;
import dev.kiln.engine.api.error.QuotaExceededException;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.api.fs.WriteStability;
import dev.kiln.engine.api.manage.CompressionSetting;
import dev.kiln.engine.api.manage.DatasetProperties;
import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.PropertyMap;
import dev.kiln.engine.dataset.DatasetHead;
import dev.kiln.engine.dataset.DatasetPool;
import dev.kiln.engine.dataset.DatasetPoolOptions;
import dev.kiln.engine.objset.DirtyRecords;
import dev.kiln.engine.pool.Pool;
import dev.kiln.engine.pool.PoolCreator;
import dev.kiln.engine.pool.PoolImporter;
import dev.kiln.engine.tree.TreeEntry;
import dev.kiln.engine.volume.TreeBlockVolume;
import dev.kiln.testkit.ManualClock;
import dev.kiln.testkit.crash.CrashInjectingDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Dirty records on a real pool and dataset layer: small unstable writes kept in memory read back
 * exactly before and after the txg sync, snapshots and a reimport, whatever other operations come
 * between; their space is accounted once stored and reserved while they wait. {@code
 * -Dkiln.random.iterations=N} runs longer; {@code -Dkiln.random.seed=S} reproduces.
 */
class DirtyRecordsTest {

  private static final int ITERATIONS = Integer.getInteger("kiln.random.iterations", 6);
  private static final long SEED = Long.getLong("kiln.random.seed", 4242L);
  private static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-12-01T00:00:00Z"));
  private static final int RECORD = 16 * 1024;

  private static DatasetPoolOptions options(long seed) {
    return new DatasetPoolOptions(
        CLOCK,
        CowStorageEngine.EXTENT_LAYOUT,
        CowStorageEngine.EXTENT_LAYOUT,
        CowStorageEngine.REPLAYER,
        new Random(seed));
  }

  /** A new pool with one empty dataset layer on {@code dev}. */
  private static DatasetPool create(CrashInjectingDevice dev, long seed) throws IOException {
    Pool pool =
        PoolCreator.named("tank").device(dev).random(new Random(seed)).cacheBytes(1 << 20).create();
    return DatasetPool.create(pool, List.of(dev), options(seed), PropertyMap.empty());
  }

  /** A file's expected content. */
  private static final class Model {
    byte[] bytes = new byte[0];

    void write(long offset, byte[] data) {
      int end = (int) offset + data.length;
      if (end > bytes.length) {
        bytes = Arrays.copyOf(bytes, end);
      }
      System.arraycopy(data, 0, bytes, (int) offset, data.length);
    }

    void truncate(int size) {
      bytes = Arrays.copyOf(bytes, size);
    }

    void punch(int offset, int length) {
      int end = Math.min(bytes.length, offset + length);
      if (offset < end) {
        Arrays.fill(bytes, offset, end, (byte) 0);
      }
    }
  }

  private static byte[] read(TreeFileSystem fs, long inode, long offset, int length)
      throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    int n = fs.read(inode, offset, b);
    return Arrays.copyOf(b.array(), n);
  }

  private static byte[] data(Random r, int size) {
    byte[] d = new byte[size];
    int kind = r.nextInt(4);
    if (kind == 0) {
      return d; // zeros: may turn records into holes
    }
    if (kind == 1) {
      Arrays.fill(d, (byte) r.nextInt(256)); // compressible
      return d;
    }
    r.nextBytes(d);
    return d;
  }

  @Test
  void smallUnstableWritesReadBackThroughSyncsSnapshotsAndReimport() throws Exception {
    for (int i = 0; i < ITERATIONS; i++) {
      long seed = SEED + i;
      CompressionSetting compression = i % 2 == 0 ? CompressionSetting.LZ4 : CompressionSetting.OFF;
      try {
        modelRun(seed, compression);
      } catch (Throwable t) {
        throw new AssertionError(
            "failed with -Dkiln.random.seed=" + seed + " compression " + compression, t);
      }
    }
  }

  private void modelRun(long seed, CompressionSetting compression) throws Exception {
    Random r = new Random(seed);
    CrashInjectingDevice dev = new CrashInjectingDevice("d0", 64 << 20);
    DatasetPool dp = create(dev, seed);
    dp.createDataset(
        "tank/fs",
        DatasetType.FILESYSTEM,
        PropertyMap.empty()
            .with(DatasetProperties.RECORDSIZE, (long) RECORD)
            .with(DatasetProperties.COMPRESSION, compression));
    DatasetHead head = dp.head("tank/fs");
    TreeFileSystem fs = TreeFileSystem.open(head);
    List<Long> inodes = new ArrayList<>();
    Map<Long, Model> models = new HashMap<>();
    for (int f = 0; f < 3; f++) {
      long ino = fs.create(fs.rootInode(), "f" + f, SetAttributes.none()).inode();
      inodes.add(ino);
      models.put(ino, new Model());
    }
    Map<String, Map<Long, byte[]>> snapshots = new HashMap<>();
    int dirtySeen = 0;
    for (int step = 0; step < 300; step++) {
      long ino = inodes.get(r.nextInt(inodes.size()));
      Model m = models.get(ino);
      int op = r.nextInt(100);
      if (op < 45) {
        byte[] d = data(r, 1 + r.nextInt(6000));
        long off = r.nextInt(8 * RECORD);
        fs.write(ino, off, ByteBuffer.wrap(d), WriteStability.UNSTABLE);
        m.write(off, d);
      } else if (op < 55) {
        byte[] d = data(r, 1 + r.nextInt(3 * RECORD));
        long off = r.nextInt(2) == 0 ? (long) r.nextInt(8) * RECORD : r.nextInt(8 * RECORD);
        fs.write(ino, off, ByteBuffer.wrap(d), WriteStability.UNSTABLE);
        m.write(off, d);
      } else if (op < 62) {
        byte[] d = data(r, 1 + r.nextInt(6000));
        long off = r.nextInt(8 * RECORD);
        fs.write(ino, off, ByteBuffer.wrap(d), WriteStability.FILE_SYNC);
        m.write(off, d);
      } else if (op < 77) {
        long off = r.nextInt(9 * RECORD);
        int len = 1 + r.nextInt(2 * RECORD);
        int end = (int) Math.min(m.bytes.length, off + len);
        byte[] expected =
            off >= m.bytes.length ? new byte[0] : Arrays.copyOfRange(m.bytes, (int) off, end);
        assertThat(read(fs, ino, off, len)).as("read at step %d", step).isEqualTo(expected);
      } else if (op < 81) {
        int size = r.nextInt(8 * RECORD);
        fs.truncate(ino, size);
        m.truncate(size);
      } else if (op < 84) {
        int off = r.nextInt(8 * RECORD);
        int len = 1 + r.nextInt(2 * RECORD);
        fs.punchHole(ino, off, len);
        m.punch(off, len);
      } else if (op < 89) {
        fs.commit(ino, 0, 0);
        assertThat(dirtyCount(head)).as("a commit stores every dirty record").isZero();
      } else if (op < 95) {
        dp.sync();
        assertThat(dirtyCount(head)).as("the sync stores every dirty record").isZero();
      } else {
        String name = "tank/fs@s" + step;
        dp.snapshot(name, false);
        Map<Long, byte[]> frozen = new HashMap<>();
        models.forEach((k, v) -> frozen.put(k, v.bytes.clone()));
        snapshots.put(name, frozen);
      }
      dirtySeen = Math.max(dirtySeen, dirtyCount(head));
    }
    assertThat(dirtySeen).as("the run kept records dirty").isPositive();
    dp.sync();
    for (long ino : inodes) {
      assertThat(fs.getattr(ino).allocatedSize())
          .as("allocated size of %d", ino)
          .isEqualTo(extentBytes(head, ino));
    }
    dp.close();

    Pool imported = PoolImporter.on(List.of(dev)).cacheBytes(1 << 20).importPool("tank");
    DatasetPool after = DatasetPool.open(imported, List.of(dev), options(seed));
    TreeFileSystem back = TreeFileSystem.open(after.head("tank/fs"));
    for (long ino : inodes) {
      byte[] expected = models.get(ino).bytes;
      assertThat(back.getattr(ino).size()).isEqualTo(expected.length);
      assertThat(read(back, ino, 0, expected.length + 10)).isEqualTo(expected);
    }
    for (var s : snapshots.entrySet()) {
      TreeFileSystem snap =
          TreeFileSystem.view(after.snapshotTree(s.getKey()), imported.blockStore(), 9, CLOCK);
      for (var e : s.getValue().entrySet()) {
        assertThat(read(snap, e.getKey(), 0, e.getValue().length + 10))
            .as("%s inode %d", s.getKey(), e.getKey())
            .isEqualTo(e.getValue());
      }
    }
    after.close();
  }

  @Test
  void dirtyRecordsReserveTheirSpaceSoTheQuotaErrorReachesTheWriter() throws Exception {
    CrashInjectingDevice dev = new CrashInjectingDevice("d0", 64 << 20);
    DatasetPool dp = create(dev, 3);
    dp.createDataset(
        "tank/fs",
        DatasetType.FILESYSTEM,
        PropertyMap.empty()
            .with(DatasetProperties.RECORDSIZE, (long) RECORD)
            .with(DatasetProperties.COMPRESSION, CompressionSetting.OFF)
            .with(DatasetProperties.REFQUOTA, 1L << 20));
    DatasetHead head = dp.head("tank/fs");
    TreeFileSystem fs = TreeFileSystem.open(head);
    long ino = fs.create(fs.rootInode(), "f", SetAttributes.none()).inode();
    Random r = new Random(5);
    Map<Long, byte[]> acked = new HashMap<>();
    // One small write per record: each would need a whole record of space once stored.
    long record = 0;
    try {
      for (; record < 1000; record++) {
        byte[] d = new byte[512];
        r.nextBytes(d);
        fs.write(ino, record * RECORD + 100, ByteBuffer.wrap(d), WriteStability.UNSTABLE);
        acked.put(record, d);
      }
    } catch (QuotaExceededException expected) {
      // the writer learns about the quota while it can still act on it
    }
    assertThat(record).as("the quota stopped the writes").isLessThan(1000);
    dp.sync();
    assertThat(dirtyCount(head)).as("every acknowledged record fit").isZero();
    for (var e : acked.entrySet()) {
      assertThat(read(fs, ino, e.getKey() * RECORD + 100, 512)).isEqualTo(e.getValue());
    }
    assertThatThrownBy(
            () ->
                fs.write(
                    ino,
                    2000L * RECORD,
                    ByteBuffer.wrap(new byte[RECORD]),
                    WriteStability.UNSTABLE))
        .isInstanceOf(QuotaExceededException.class);
    dp.close();
  }

  @Test
  void committedUnstableWritesSurvivePowerLoss() throws Exception {
    for (int i = 0; i < ITERATIONS; i++) {
      long seed = SEED + 50 + i;
      Random r = new Random(seed);
      CrashInjectingDevice dev = new CrashInjectingDevice("d0", 64 << 20);
      DatasetPool dp = create(dev, seed);
      dp.createDataset("tank/fs", DatasetType.FILESYSTEM, PropertyMap.empty());
      TreeFileSystem fs = TreeFileSystem.open(dp.head("tank/fs"));
      long ino = fs.create(fs.rootInode(), "f", SetAttributes.none()).inode();
      Model m = new Model();
      // Sometimes few writes (the commit logs their records), sometimes many (it syncs instead).
      int writes = i % 2 == 0 ? 20 : 400;
      for (int w = 0; w < writes; w++) {
        byte[] d = data(r, 1 + r.nextInt(4096));
        long off = r.nextInt(1 << 20);
        fs.write(ino, off, ByteBuffer.wrap(d), WriteStability.UNSTABLE);
        m.write(off, d);
      }
      fs.commit(ino, 0, 0);
      var crashed = dev.crash(r);
      Pool imported = PoolImporter.on(List.of(crashed)).cacheBytes(1 << 20).importPool("tank");
      DatasetPool after = DatasetPool.open(imported, List.of(crashed), options(seed));
      TreeFileSystem back = TreeFileSystem.open(after.head("tank/fs"));
      assertThat(read(back, ino, 0, m.bytes.length + 10))
          .as("seed %d: committed content", seed)
          .isEqualTo(m.bytes);
      after.close();
    }
  }

  @Test
  void smallVolumeWritesReadBackThroughFlushesSyncsAndReimport() throws Exception {
    for (int i = 0; i < ITERATIONS; i++) {
      long seed = SEED + 200 + i;
      try {
        volumeRun(seed);
      } catch (Throwable t) {
        throw new AssertionError("failed with -Dkiln.random.seed=" + seed, t);
      }
    }
  }

  private void volumeRun(long seed) throws Exception {
    Random r = new Random(seed);
    int blocks = 2048; // 1 MiB of 512-byte blocks
    CrashInjectingDevice dev = new CrashInjectingDevice("d0", 64 << 20);
    DatasetPool dp = create(dev, seed);
    dp.createDataset(
        "tank/vol",
        DatasetType.VOLUME,
        PropertyMap.empty().with(DatasetProperties.VOLSIZE, (long) blocks * 512));
    DatasetHead head = dp.head("tank/vol");
    var id = new VolumeIdentity(6, "KILNDIRTY");
    TreeBlockVolume vol = TreeBlockVolume.open(head, id, 512, blocks);
    byte[] model = new byte[blocks * 512];
    int dirtySeen = 0;
    for (int step = 0; step < 300; step++) {
      int op = r.nextInt(100);
      if (op < 55) {
        int n = 1 + r.nextInt(16);
        long lba = r.nextInt(blocks - n);
        byte[] d = data(r, n * 512);
        boolean fua = r.nextInt(8) == 0;
        vol.write(lba, ByteBuffer.wrap(d), fua);
        System.arraycopy(d, 0, model, (int) lba * 512, d.length);
      } else if (op < 75) {
        int n = 1 + r.nextInt(64);
        long lba = r.nextInt(blocks - n);
        ByteBuffer back = ByteBuffer.allocate(n * 512);
        vol.read(lba, back);
        assertThat(back.array())
            .as("read at step %d", step)
            .isEqualTo(Arrays.copyOfRange(model, (int) lba * 512, (int) (lba + n) * 512));
      } else if (op < 82) {
        int n = 1 + r.nextInt(64);
        long lba = r.nextInt(blocks - n);
        vol.unmap(lba, n);
        Arrays.fill(model, (int) lba * 512, (int) (lba + n) * 512, (byte) 0);
      } else if (op < 88) {
        long lba = r.nextInt(blocks - 1);
        var run = vol.provisioning(lba, 64);
        assertThat(run.blocks()).isPositive();
      } else if (op < 94) {
        vol.flush();
        assertThat(dirtyCount(head)).as("a flush stores every dirty record").isZero();
      } else {
        dp.sync();
        assertThat(dirtyCount(head)).isZero();
      }
      dirtySeen = Math.max(dirtySeen, dirtyCount(head));
    }
    assertThat(dirtySeen).as("the run kept records dirty").isPositive();
    vol.flush();
    dp.close();
    Pool imported = PoolImporter.on(List.of(dev)).cacheBytes(1 << 20).importPool("tank");
    DatasetPool after = DatasetPool.open(imported, List.of(dev), options(seed));
    var back = TreeBlockVolume.open(after.head("tank/vol"), id, 512, blocks);
    ByteBuffer all = ByteBuffer.allocate(model.length);
    back.read(0, all);
    assertThat(all.array()).isEqualTo(model);
    after.close();
  }

  private static DirtyRecords dirty(DatasetHead head) {
    return head.dirtyRecords().orElseThrow();
  }

  private static int dirtyCount(DatasetHead head) {
    head.lock().lock();
    try {
      return dirty(head).count();
    } finally {
      head.lock().unlock();
    }
  }

  /** What the file's extents hold: the sum of their allocated bytes. */
  private static long extentBytes(DatasetHead head, long ino) throws IOException {
    head.lock().lock();
    try {
      long sum = 0;
      for (TreeEntry e :
          head.tree()
              .scan(
                  ItemType.key(ino, ItemType.EXTENT, 0),
                  ItemType.key(ino, ItemType.EXTENT + 1, 0),
                  1 << 20)) {
        sum += Extent.decode(e.value()).allocatedBytes();
      }
      return sum;
    } finally {
      head.lock().unlock();
    }
  }
}
