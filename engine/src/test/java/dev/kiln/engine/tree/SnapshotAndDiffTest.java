package dev.kiln.engine.tree;

import static dev.kiln.engine.tree.TreeFixtures.all;
import static dev.kiln.engine.tree.TreeFixtures.entries;
import static dev.kiln.engine.tree.TreeFixtures.expectedDiff;
import static dev.kiln.engine.tree.TreeFixtures.key;
import static dev.kiln.engine.tree.TreeFixtures.randomKey;
import static dev.kiln.engine.tree.TreeFixtures.randomValue;
import static dev.kiln.engine.tree.TreeFixtures.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.block.BlockPointer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SnapshotAndDiffTest {

  private static final long SEED = Long.getLong("kiln.random.seed", 0xD1FFL);
  private static final TreeOptions SMALL = TreeOptions.defaults().withNodeSize(512);

  private final MemoryBlockStore store = new MemoryBlockStore();
  // Like a deadlist that keeps everything: old roots must stay readable.
  private final RecordingFreer keepAll = new RecordingFreer(store, false);

  private record Snapshot(BlockPointer root, TreeMap<TreeKey, byte[]> contents) {}

  @Test
  void oldRootsStayIntactAndDiffsMatchTheModel() throws Exception {
    System.out.println("SnapshotAndDiffTest seed=" + SEED);
    try {
      randomSnapshots(new Random(SEED));
    } catch (Throwable t) {
      throw new AssertionError("failed with -Dkiln.random.seed=" + SEED, t);
    }
  }

  private void randomSnapshots(Random rnd) throws IOException {
    BPlusTree head = BPlusTree.create(store, SMALL, keepAll);
    TreeMap<TreeKey, byte[]> model = new TreeMap<>();
    List<Snapshot> snapshots = new ArrayList<>();
    long txg = 1;
    for (int round = 0; round < 12; round++) {
      int ops = rnd.nextInt(3) == 0 ? 3 : 400;
      for (int i = 0; i < ops; i++) {
        TreeKey k = randomKey(rnd);
        if (rnd.nextInt(100) < (round < 8 ? 70 : 25)) {
          byte[] v = randomValue(rnd, SMALL.maxValueBytes());
          head.put(k, v);
          model.put(k, v);
        } else if (!model.isEmpty()) {
          TreeKey victim = rnd.nextBoolean() ? k : model.ceilingKey(k);
          head.delete(victim == null ? k : victim);
          model.remove(victim == null ? k : victim);
        }
      }
      snapshots.add(new Snapshot(head.sync(txg++), new TreeMap<>(model)));
    }
    for (Snapshot s : snapshots) {
      TreeSnapshot view = TreeSnapshot.open(store, s.root(), SMALL);
      assertThat(all(view)).isEqualTo(entries(s.contents()));
    }
    for (int i = 0; i < snapshots.size(); i++) {
      for (int j = 0; j < snapshots.size(); j++) {
        Snapshot a = snapshots.get(i);
        Snapshot b = snapshots.get(j);
        assertThat(diff(a.root(), b.root()))
            .as("diff %d -> %d", i, j)
            .isEqualTo(expectedDiff(a.contents(), b.contents()));
      }
    }
    Snapshot last = snapshots.getLast();
    assertThat(diff(null, last.root())).isEqualTo(expectedDiff(new TreeMap<>(), last.contents()));
    assertThat(diff(last.root(), null)).isEqualTo(expectedDiff(last.contents(), new TreeMap<>()));
  }

  @Test
  void snapshotIsUnaffectedByLaterChangesToTheHead() throws IOException {
    BPlusTree head = BPlusTree.create(store, SMALL, keepAll);
    for (int i = 0; i < 2000; i++) {
      head.put(key(i), value(i, 8));
    }
    BlockPointer snap = head.sync(1);
    TreeSnapshot committed = head.committed();
    for (int i = 0; i < 2000; i += 2) {
      head.delete(key(i));
    }
    head.put(key(5), value(99, 30));
    head.put(key(5000), value(5000, 3));
    // Before the head syncs, and again after it does, the old root reads as it was.
    assertThat(committed.get(key(0))).hasValueSatisfying(v -> assertThat(v).isEqualTo(value(0, 8)));
    head.sync(2);
    for (TreeSnapshot view : List.of(committed, TreeSnapshot.open(store, snap, SMALL))) {
      assertThat(view.stats().entries()).isEqualTo(2000);
      assertThat(view.get(key(5))).hasValueSatisfying(v -> assertThat(v).isEqualTo(value(5, 8)));
      assertThat(view.get(key(5000))).isEmpty();
      assertThat(view.floor(key(4999)).orElseThrow().key()).isEqualTo(key(1999));
    }
    assertThat(head.stats().entries()).isEqualTo(1001);
    assertThat(head.get(key(5))).hasValueSatisfying(v -> assertThat(v).isEqualTo(value(99, 30)));
  }

  @Test
  void diffOfASmallChangeReadsOnlyTheChangedPaths() throws IOException {
    BPlusTree head = BPlusTree.create(store, SMALL, keepAll);
    for (int i = 0; i < 5000; i++) {
      head.put(key(i), value(i, 8));
    }
    BlockPointer before = head.sync(1);
    head.put(key(1234), value(7, 9));
    head.delete(key(4321));
    BlockPointer after = head.sync(2);
    TreeStats stats = head.stats();
    long readsBefore = store.reads();
    List<TreeChange> changes = new ArrayList<>();
    TreeDiff.between(store, before, after, SMALL.withCachedNodes(0), changes::add);
    long reads = store.reads() - readsBefore;
    assertThat(changes)
        .containsExactly(
            TreeChange.changed(key(1234), value(1234, 8), value(7, 9)),
            TreeChange.removed(key(4321), value(4321, 8)));
    assertThat(stats.height()).isGreaterThanOrEqualTo(3);
    // Two changed root-to-leaf paths on each side (plus a neighbour when a leaf merged).
    assertThat(reads).isLessThanOrEqualTo(4L * stats.height() + 4).isLessThan(stats.nodes() / 10);
  }

  @Test
  void diffOfIdenticalRootsReadsNothing() throws IOException {
    BPlusTree head = BPlusTree.create(store, SMALL, keepAll);
    head.put(key(1), value(1, 4));
    BlockPointer root = head.sync(1);
    long readsBefore = store.reads();
    List<TreeChange> changes = new ArrayList<>();
    TreeSnapshot view = TreeSnapshot.open(store, root, SMALL);
    view.diffFrom(view, changes::add);
    assertThat(changes).isEmpty();
    assertThat(store.reads()).isEqualTo(readsBefore);
  }

  private List<TreeChange> diff(BlockPointer older, BlockPointer newer) throws IOException {
    List<TreeChange> out = new ArrayList<>();
    TreeDiff.between(store, older, newer, SMALL, out::add);
    return out;
  }
}
