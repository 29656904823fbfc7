package dev.kiln.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.CowStorageEngine;
import dev.kiln.engine.api.error.NoSuchEntryException;
import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.api.fs.WriteStability;
import dev.kiln.engine.api.io.StorageDevice;
import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.PropertyMap;
import dev.kiln.engine.fs.TreeFileSystem;
import dev.kiln.engine.pool.Pool;
import dev.kiln.engine.pool.PoolCreator;
import dev.kiln.engine.pool.PoolImporter;
import dev.kiln.testkit.crash.CrashInjectingDevice;
import dev.kiln.testkit.crash.PowerSupply;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The real object layer ({@link TreeFileSystem}) on dataset heads: exact space accounting through
 * the extent layout, and acknowledged stable writes surviving power loss through the intent log.
 * {@code -Dkiln.random.iterations=N} runs longer; {@code -Dkiln.random.seed=S} reproduces.
 */
class FileSystemOnDatasetsTest {

  private static final int ITERATIONS = Integer.getInteger("kiln.random.iterations", 8);
  private static final long SEED = Long.getLong("kiln.random.seed", 9090L);

  private static DatasetPoolOptions options(long seed) {
    return new DatasetPoolOptions(
        Fixture.CLOCK,
        CowStorageEngine.EXTENT_LAYOUT,
        CowStorageEngine.EXTENT_LAYOUT,
        CowStorageEngine.REPLAYER,
        new Random(seed));
  }

  private static DatasetPool create(StorageDevice dev, long seed) throws IOException {
    Pool pool =
        PoolCreator.named("tank").device(dev).random(new Random(seed)).cacheBytes(1 << 20).create();
    return DatasetPool.create(pool, List.of(dev), options(seed), PropertyMap.empty());
  }

  private static DatasetPool open(StorageDevice dev, long seed) throws IOException {
    Pool pool = PoolImporter.on(List.of(dev)).cacheBytes(1 << 20).importPool("tank");
    return DatasetPool.open(pool, List.of(dev), options(seed));
  }

  private static long file(FileSystem fs, String name) throws IOException {
    try {
      return fs.lookup(fs.rootInode(), name).inode();
    } catch (NoSuchEntryException e) {
      return fs.create(fs.rootInode(), name, SetAttributes.none()).inode();
    }
  }

  private static byte[] content(FileSystem fs, String name) throws IOException {
    long ino = fs.lookup(fs.rootInode(), name).inode();
    long size = fs.getattr(ino).size();
    ByteBuffer b = ByteBuffer.allocate((int) size);
    while (b.hasRemaining()) {
      if (fs.read(ino, b.position(), b) <= 0) {
        break;
      }
    }
    return b.array();
  }

  @Test
  void spaceReturnsExactlyAfterRandomFileSystemWorkAndSnapshotDestroys() throws Exception {
    for (int i = 0; i < ITERATIONS; i++) {
      long seed = SEED + i;
      try {
        accountingRun(seed);
      } catch (Throwable t) {
        throw new AssertionError("failed with -Dkiln.random.seed=" + seed, t);
      }
    }
  }

  private void accountingRun(long seed) throws Exception {
    Random r = new Random(seed);
    DatasetPool dp = create(new CrashInjectingDevice("d0", Fixture.DEVICE_SIZE), seed);
    dp.createDataset("tank/fs", DatasetType.FILESYSTEM, PropertyMap.empty());
    List<String> datasets = new ArrayList<>(List.of("tank/fs"));
    Map<String, TreeFileSystem> open = new HashMap<>();
    Map<String, Long> gens = new HashMap<>();
    int n = 0;
    for (int step = 0; step < 50; step++) {
      String ds = datasets.get(r.nextInt(datasets.size()));
      DatasetHead h = dp.head(ds);
      if (!open.containsKey(ds) || gens.get(ds) != h.generation()) {
        open.put(ds, TreeFileSystem.open(h));
        gens.put(ds, h.generation());
      }
      FileSystem fs = open.get(ds);
      int op = r.nextInt(16);
      String name = "f" + r.nextInt(6);
      if (op < 7) {
        byte[] data = Fixture.data(r, 1 + r.nextInt(300_000));
        fs.write(
            file(fs, name), r.nextInt(200_000), ByteBuffer.wrap(data), WriteStability.UNSTABLE);
      } else if (op < 8) {
        fs.truncate(file(fs, name), r.nextInt(150_000));
      } else if (op < 9) {
        try {
          fs.unlink(fs.rootInode(), name);
        } catch (NoSuchEntryException e) {
          // nothing to delete
        }
      } else if (op < 11) {
        dp.snapshot(ds + "@s" + n++, false);
      } else if (op < 13) {
        var snaps = dp.snapshots(ds);
        if (!snaps.isEmpty()) {
          SnapshotInfo s = snaps.get(r.nextInt(snaps.size()));
          if (s.clones() == 0) {
            dp.destroySnapshot(s.name());
          }
        }
      } else if (op < 14) {
        var snaps = dp.snapshots(ds);
        if (!snaps.isEmpty() && datasets.size() < 3) {
          String clone = "tank/c" + step;
          dp.clone(snaps.get(r.nextInt(snaps.size())).name(), clone, PropertyMap.empty());
          datasets.add(clone);
        }
      } else if (op < 15) {
        var snaps = dp.snapshots(ds);
        if (!snaps.isEmpty() && snaps.stream().allMatch(s -> s.clones() == 0)) {
          dp.rollback(snaps.get(r.nextInt(snaps.size())).name(), true);
        }
      } else {
        dp.sync();
        assertThat(Fixture.unaccountedBytes(dp)).as("leak at step " + step).isZero();
      }
    }
    for (String ds : List.copyOf(datasets).reversed()) {
      if (!ds.equals("tank/fs")) {
        dp.destroy(ds, true);
      }
    }
    for (SnapshotInfo s : dp.snapshots("tank/fs")) {
      dp.destroySnapshot(s.name());
    }
    dp.sync();
    assertThat(Fixture.unaccountedBytes(dp)).isZero();
    dp.close();
  }

  @Test
  void stableWritesSurvivePowerLoss() throws Exception {
    int crashes = 0;
    for (int i = 0; i < ITERATIONS * 2; i++) {
      long seed = SEED + 100 + i;
      try {
        crashes += crashRun(seed) ? 1 : 0;
      } catch (Throwable t) {
        throw new AssertionError("failed with -Dkiln.random.seed=" + seed, t);
      }
    }
    assertThat(crashes).isPositive();
  }

  private boolean crashRun(long seed) throws Exception {
    Random r = new Random(seed);
    PowerSupply power = new PowerSupply();
    CrashInjectingDevice dev = new CrashInjectingDevice("d0", new byte[Fixture.DEVICE_SIZE], power);
    DatasetPool dp = create(dev, seed);
    dp.createDataset("tank/fs", DatasetType.FILESYSTEM, PropertyMap.empty());
    FileSystem fs = TreeFileSystem.open(dp.head("tank/fs"));
    Map<String, byte[]> acked = new HashMap<>();
    power.failAfter(50 + r.nextInt(400));
    boolean crashed = false;
    try {
      for (int step = 0; step < 40; step++) {
        String name = "f" + step;
        byte[] data = Fixture.data(r, 1 + r.nextInt(100_000));
        long ino = fs.create(fs.rootInode(), name, SetAttributes.none()).inode();
        fs.write(ino, 0, ByteBuffer.wrap(data), WriteStability.FILE_SYNC);
        acked.put(name, data);
        if (r.nextInt(8) == 0) {
          dp.sync();
        }
      }
    } catch (IOException e) {
      crashed = true;
    }
    DatasetPool after = open(dev.crash(r), seed);
    FileSystem fs2 = TreeFileSystem.open(after.head("tank/fs"));
    for (var e : acked.entrySet()) {
      assertThat(Arrays.equals(content(fs2, e.getKey()), e.getValue()))
          .as("acknowledged file %s", e.getKey())
          .isTrue();
    }
    assertThat(Fixture.unaccountedBytes(after)).isEqualTo(0);
    after.close();
    return crashed;
  }
}
