package dev.kiln.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.PropertyMap;
import dev.kiln.testkit.crash.CrashInjectingDevice;
import dev.kiln.testkit.crash.MemoryDevice;
import dev.kiln.testkit.crash.PowerSupply;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of dataset operations, file writes, logged puts and syncs, cut by a power loss
 * at a random device operation. The crashed image must import; every dataset and snapshot whose
 * creation returned is there; every committed log record is there; every file holds its value of
 * the last completed sync or a value written after it. {@code -Dkiln.random.iterations=N} runs
 * longer; {@code -Dkiln.random.seed=S} reproduces.
 */
class CrashHarnessTest {

  private static final int ITERATIONS = Integer.getInteger("kiln.random.iterations", 40);
  private static final long SEED = Long.getLong("kiln.random.seed", 777L);
  private static final int SIZE = 16 << 20;

  @Test
  void everyCrashImportsWithCommittedStatePresent() throws Exception {
    int crashes = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      long seed = SEED + i;
      try {
        crashes += runOne(seed) ? 1 : 0;
      } catch (Throwable t) {
        throw new AssertionError("failed with -Dkiln.random.seed=" + seed, t);
      }
    }
    assertThat(crashes).as("iterations cut by a power loss").isGreaterThan(ITERATIONS / 4);
  }

  private record Key(String dataset, long object, long offset) {}

  private boolean runOne(long seed) throws Exception {
    Random r = new Random(seed);
    PowerSupply power = new PowerSupply();
    CrashInjectingDevice dev = new CrashInjectingDevice("d0", new byte[SIZE], power);
    DatasetPool dp = Fixture.create(dev, seed);
    dp.createDataset("tank/fs", DatasetType.FILESYSTEM, PropertyMap.empty());
    List<String> datasets = new ArrayList<>(List.of("tank/fs"));
    Set<String> snapshots = new HashSet<>();
    Set<String> cloned = new HashSet<>();
    Map<Key, byte[]> committed = new HashMap<>();
    Map<Key, byte[]> atSync = new HashMap<>();
    Map<Key, List<byte[]>> since = new HashMap<>();
    power.failAfter(20 + r.nextInt(600));
    boolean crashed = false;
    long nextOffset = 0;
    try {
      for (int step = 0; step < 80; step++) {
        String ds = datasets.get(r.nextInt(datasets.size()));
        DatasetHead h = dp.head(ds);
        int op = r.nextInt(13);
        if (op < 4) {
          long object = 1 + r.nextInt(5);
          byte[] v = Fixture.data(r, 200 + r.nextInt(6000));
          since.computeIfAbsent(new Key(ds, object, -1), k -> new ArrayList<>()).add(v);
          Fixture.writeFile(h, object, v);
        } else if (op < 8) {
          byte[] v = ("v" + seed + ":" + step).getBytes();
          Key k = new Key(ds, 9, nextOffset++);
          IntentLogTest.put(h, k.object(), k.offset(), v);
          committed.put(k, v);
        } else if (op < 9) {
          String name = "tank/d" + step;
          dp.createDataset(name, DatasetType.FILESYSTEM, PropertyMap.empty());
          datasets.add(name);
        } else if (op < 10) {
          String name = ds + "@s" + step;
          dp.snapshot(name, false);
          snapshots.add(name);
        } else if (op < 11 && !snapshots.isEmpty()) {
          String victim = snapshots.stream().sorted().findFirst().orElseThrow();
          if (r.nextBoolean() && datasets.size() < 5) {
            String clone = "tank/c" + step;
            dp.clone(victim, clone, PropertyMap.empty());
            datasets.add(clone);
            // The clone starts with the snapshot's files, committed by the clone's txg.
            for (long object = 1; object <= 5; object++) {
              var inherited = Fixture.readFile(dp.head(clone), object);
              if (inherited.isPresent()) {
                atSync.put(new Key(clone, object, -1), inherited.get());
              }
            }
            cloned.add(victim);
          } else if (!cloned.contains(victim)) {
            // If power fails inside the destroy, it may or may not have committed.
            snapshots.remove(victim);
            dp.destroySnapshot(victim);
          }
        } else {
          dp.sync();
          for (var e : since.entrySet()) {
            atSync.put(e.getKey(), e.getValue().getLast());
          }
          since.clear();
        }
      }
      dp.sync();
      for (var e : since.entrySet()) {
        atSync.put(e.getKey(), e.getValue().getLast());
      }
      since.clear();
    } catch (IOException e) {
      crashed = true;
    }
    MemoryDevice image = dev.crash(r);
    DatasetPool after = Fixture.open(image, seed);
    for (String ds : datasets) {
      after.dataset(ds);
    }
    for (String s : snapshots) {
      after.snapshotInfo(s);
    }
    for (var e : committed.entrySet()) {
      assertThat(IntentLogTest.get(after.head(e.getKey().dataset()), 9, e.getKey().offset()))
          .as("committed record %s", e.getKey())
          .isEqualTo(e.getValue());
    }
    Set<Key> files = new HashSet<>(atSync.keySet());
    files.addAll(since.keySet());
    for (Key k : files) {
      byte[] found = Fixture.readFile(after.head(k.dataset()), k.object()).orElse(null);
      List<byte[]> allowed = new ArrayList<>(since.getOrDefault(k, List.of()));
      allowed.add(atSync.get(k));
      assertThat(allowed.stream().anyMatch(a -> Arrays.equals(a, found)))
          .as("file %s holds a state the model allows", k)
          .isTrue();
    }
    assertThat(Fixture.unaccountedBytes(after)).isZero();
    after.close();
    return crashed;
  }
}
