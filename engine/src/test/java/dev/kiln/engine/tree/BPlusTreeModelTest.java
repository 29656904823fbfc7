package dev.kiln.engine.tree;

import static dev.kiln.engine.tree.TreeFixtures.all;
import static dev.kiln.engine.tree.TreeFixtures.entries;
import static dev.kiln.engine.tree.TreeFixtures.randomKey;
import static dev.kiln.engine.tree.TreeFixtures.randomValue;
import static dev.kiln.engine.tree.TreeFixtures.reachable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.block.BlockPointer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random operation sequences against a {@link TreeMap} model, with periodic sync, reopen from the
 * root pointer and exact free/leak bookkeeping. Seed: -Dkiln.random.seed, length:
 * -Dkiln.random.iterations.
 */
class BPlusTreeModelTest {

  private static final long SEED = Long.getLong("kiln.random.seed", 0x5EED_7EE5L);
  private static final int ITERATIONS = Integer.getInteger("kiln.random.iterations", 30_000);

  @Test
  void smallNodesBehaveLikeTreeMap() throws Exception {
    run(SEED, 512, ITERATIONS);
  }

  @Test
  void smallestNodesBehaveLikeTreeMap() throws Exception {
    run(SEED + 1, TreeOptions.MIN_NODE_SIZE, ITERATIONS / 2);
  }

  @Test
  void defaultNodesBehaveLikeTreeMap() throws Exception {
    run(SEED + 2, TreeOptions.DEFAULT_NODE_SIZE, ITERATIONS / 2);
  }

  private void run(long seed, int nodeSize, int iterations) throws Exception {
    System.out.printf(
        "BPlusTreeModelTest seed=%d nodeSize=%d iterations=%d%n", seed, nodeSize, iterations);
    try {
      new Run(seed, nodeSize).execute(iterations);
    } catch (Throwable t) {
      throw new AssertionError(
          "failed with -Dkiln.random.seed=%d (nodeSize %d)".formatted(seed, nodeSize), t);
    }
  }

  private static final class Run {
    final Random rnd;
    final MemoryBlockStore store = new MemoryBlockStore();
    final RecordingFreer freer = new RecordingFreer(store, true);
    final TreeOptions options;
    final TreeMap<TreeKey, byte[]> model = new TreeMap<>();
    final List<TreeKey> known = new ArrayList<>();
    BPlusTree tree;
    Set<BlockPointer> previouslyReachable = Set.of();
    long txg = 1;
    int maxHeight;

    Run(long seed, int nodeSize) {
      rnd = new Random(seed);
      options = TreeOptions.defaults().withNodeSize(nodeSize).withCachedNodes(8);
      tree = BPlusTree.create(store, options, freer);
    }

    void execute(int iterations) throws IOException {
      int maxValue = options.maxValueBytes();
      for (int op = 0; op < iterations; op++) {
        // Grow for the first 60%, then shrink, so merges and root collapses are exercised too.
        int putPercent = op < iterations * 6 / 10 ? 55 : 20;
        int r = rnd.nextInt(100);
        if (r < putPercent) {
          TreeKey k = pickKey();
          byte[] v = randomValue(rnd, maxValue);
          tree.put(k, v);
          model.put(k, v);
          known.add(k);
        } else if (r < 75) {
          TreeKey k = pickKey();
          assertThat(tree.delete(k)).as("delete %s", k).isEqualTo(model.remove(k) != null);
        } else if (r < 83) {
          TreeKey k = pickKey();
          assertThat(tree.get(k).orElse(null)).as("get %s", k).isEqualTo(model.get(k));
        } else if (r < 89) {
          TreeKey k = pickKey();
          assertThat(tree.floor(k)).as("floor %s", k).isEqualTo(entry(model.floorEntry(k)));
        } else if (r < 95) {
          TreeKey k = pickKey();
          assertThat(tree.ceiling(k)).as("ceiling %s", k).isEqualTo(entry(model.ceilingEntry(k)));
        } else if (r == 99 && rnd.nextInt(4) == 0) {
          TreeKey from = pickKey();
          TreeKey to = TreeKey.of(from.objectId() + 1 + rnd.nextInt(3), 0, 0);
          if (from.compareTo(to) < 0) {
            var doomed = model.subMap(from, to);
            assertThat(tree.deleteRange(from, to)).as("deleteRange").isEqualTo(doomed.size());
            doomed.clear();
          }
        } else {
          TreeKey from = pickKey();
          TreeKey to = pickKey();
          int limit = rnd.nextInt(50);
          List<TreeEntry> expected =
              from.compareTo(to) < 0
                  ? entries(model.subMap(from, to)).stream().limit(limit).toList()
                  : List.of();
          assertThat(tree.scan(from, to, limit)).as("scan %s..%s", from, to).isEqualTo(expected);
        }
        if (rnd.nextInt(150) == 0) {
          syncAndCheck();
        }
      }
      syncAndCheck();
      assertThat(all(tree)).isEqualTo(entries(model));
      // The sequence must have built a multi-level tree, or splits and merges went untested.
      assertThat(maxHeight).isGreaterThanOrEqualTo(options.nodeSize() <= 512 ? 3 : 2);
      for (TreeKey k : new ArrayList<>(model.keySet())) {
        assertThat(tree.delete(k)).isTrue();
      }
      model.clear();
      syncAndCheck();
      assertThat(tree.stats()).isEqualTo(new TreeStats(0, 1, 0, 1));
      assertThat(store.live()).hasSize(1);
    }

    TreeKey pickKey() {
      return !known.isEmpty() && rnd.nextInt(3) != 0
          ? known.get(rnd.nextInt(known.size()))
          : randomKey(rnd);
    }

    static Optional<TreeEntry> entry(Map.Entry<TreeKey, byte[]> e) {
      return e == null ? Optional.empty() : Optional.of(new TreeEntry(e.getKey(), e.getValue()));
    }

    void syncAndCheck() throws IOException {
      boolean wasDirty = tree.isDirty();
      long writesBefore = store.writes();
      BlockPointer root = tree.sync(txg);
      if (!wasDirty) {
        assertThat(store.writes()).isEqualTo(writesBefore);
      }
      List<BlockPointer> released = freer.drain();
      Set<BlockPointer> reach = reachable(store, root);
      Set<BlockPointer> expectedFreed = new HashSet<>(previouslyReachable);
      expectedFreed.removeAll(reach);
      assertThat(new HashSet<>(released)).as("released blocks").hasSize(released.size());
      assertThat(new HashSet<>(released)).isEqualTo(expectedFreed);
      assertThat(store.live()).as("live blocks are exactly the reachable ones").isEqualTo(reach);
      assertThat(reach).allMatch(p -> p.birthTxg() <= txg);
      assertThat(tree.isDirty()).isFalse();
      assertThat(tree.dirtyNodeCount()).isZero();
      previouslyReachable = reach;
      maxHeight = Math.max(maxHeight, tree.stats().height());
      if (rnd.nextInt(3) == 0) {
        tree = BPlusTree.open(store, root, options, freer);
      }
      if (rnd.nextInt(4) == 0) {
        assertThat(all(tree)).isEqualTo(entries(model));
        assertThat(all(tree.committed())).isEqualTo(entries(model));
      }
      txg += 1 + rnd.nextInt(3);
    }
  }
}
