package dev.kiln.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.PropertyMap;
import dev.kiln.engine.api.manage.SpaceUsage;
import dev.kiln.testkit.crash.MemoryDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random writes, overwrites, deletes, snapshots, snapshot destroys (random order), clones and
 * rollbacks: after each round the allocator holds exactly what the remaining datasets, snapshots,
 * deadlists and logs reference (no leak; a double free would fail in the allocator), and each
 * dataset's used equals its unique plus snapshot space. {@code -Dkiln.random.iterations=N} runs
 * longer; {@code -Dkiln.random.seed=S} reproduces.
 */
class DeadlistAccountingTest {

  private static final int ITERATIONS = Integer.getInteger("kiln.random.iterations", 12);
  private static final long SEED = Long.getLong("kiln.random.seed", 4242L);

  @Test
  void allocatedSpaceMatchesWhatRemainsReferenced() throws Exception {
    for (int i = 0; i < ITERATIONS; i++) {
      long seed = SEED + i;
      try {
        runOne(seed);
      } catch (Throwable t) {
        throw new AssertionError("failed with -Dkiln.random.seed=" + seed, t);
      }
    }
  }

  private void runOne(long seed) throws Exception {
    Random r = new Random(seed);
    DatasetPool dp = Fixture.create(new MemoryDevice("d0", Fixture.DEVICE_SIZE), seed);
    dp.createDataset("tank/fs", DatasetType.FILESYSTEM, PropertyMap.empty());
    List<String> datasets = new ArrayList<>(List.of("tank/fs"));
    int snapCounter = 0;
    for (int step = 0; step < 60; step++) {
      String ds = datasets.get(r.nextInt(datasets.size()));
      DatasetHead h = dp.head(ds);
      int op = r.nextInt(20);
      if (op < 9) {
        Fixture.writeFile(h, 1 + r.nextInt(12), Fixture.data(r, 500 + r.nextInt(20_000)));
      } else if (op < 11) {
        Fixture.deleteFile(h, 1 + r.nextInt(12));
      } else if (op < 13) {
        dp.snapshot(ds + "@s" + snapCounter++, false);
      } else if (op < 15) {
        var snaps = dp.snapshots(ds);
        if (!snaps.isEmpty()) {
          SnapshotInfo s = snaps.get(r.nextInt(snaps.size()));
          if (s.clones() == 0) {
            dp.destroySnapshot(s.name());
          }
        }
      } else if (op < 16) {
        var snaps = dp.snapshots(ds);
        if (!snaps.isEmpty() && datasets.size() < 4) {
          String clone = "tank/clone" + step;
          dp.clone(snaps.get(r.nextInt(snaps.size())).name(), clone, PropertyMap.empty());
          datasets.add(clone);
        }
      } else if (op < 17) {
        var snaps = dp.snapshots(ds);
        if (!snaps.isEmpty()) {
          SnapshotInfo s = snaps.get(r.nextInt(snaps.size()));
          boolean newerCloned =
              snaps.subList(snaps.indexOf(s) + 1, snaps.size()).stream()
                  .anyMatch(x -> x.clones() > 0);
          if (!newerCloned) {
            dp.rollback(s.name(), true);
          }
        }
      } else if (op < 18 && !ds.equals("tank/fs")) {
        boolean cloned = dp.snapshots(ds).stream().anyMatch(x -> x.clones() > 0);
        if (!cloned) {
          dp.destroy(ds, true);
          datasets.remove(ds);
        }
      } else {
        dp.sync();
        check(dp, datasets);
      }
    }
    // Destroy every snapshot not holding up a clone, in random order.
    for (String ds : List.copyOf(datasets)) {
      List<SnapshotInfo> snaps = new ArrayList<>(dp.snapshots(ds));
      java.util.Collections.shuffle(snaps, r);
      for (SnapshotInfo s : snaps) {
        if (s.clones() == 0) {
          dp.destroySnapshot(s.name());
        }
      }
    }
    dp.sync();
    check(dp, datasets);
    dp.close();
  }

  private static void check(DatasetPool dp, List<String> datasets) throws Exception {
    assertThat(Fixture.unaccountedBytes(dp)).as("leaked bytes").isZero();
    for (String ds : datasets) {
      SpaceUsage s = dp.space(ds);
      assertThat(s.used()).isEqualTo(s.usedByDataset() + s.usedBySnapshots() + s.usedByChildren());
      long snapUsed = 0;
      for (SnapshotInfo snap : dp.snapshots(ds)) {
        snapUsed += snap.used();
      }
      // Space unique to single snapshots never exceeds what all snapshots hold together.
      assertThat(snapUsed).isLessThanOrEqualTo(s.usedBySnapshots());
      assertThat(s.usedByDataset()).isBetween(0L, s.referenced());
      if (dp.snapshots(ds).isEmpty() && dp.dataset(ds).origin() == null) {
        // Without snapshots or an origin, everything the head references is its own.
        assertThat(s.usedByDataset()).isEqualTo(s.referenced());
      }
    }
  }
}
