package dev.kiln.engine.tree;

import static dev.kiln.engine.tree.TreeFixtures.key;
import static dev.kiln.engine.tree.TreeFixtures.reachable;
import static dev.kiln.engine.tree.TreeFixtures.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.block.BlockPointer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TreeShapeTest {

  private final MemoryBlockStore store = new MemoryBlockStore();
  private final RecordingFreer freer = new RecordingFreer(store, true);

  @Test
  void treeGrowsThenShrinksBackToOneLeafWhenEverythingIsDeleted() throws IOException {
    BPlusTree tree = BPlusTree.create(store, TreeOptions.defaults(), freer);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 40_000; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(42));
    for (int i : order) {
      tree.put(key(i), value(i, 100));
    }
    tree.sync(1);
    TreeStats grown = tree.stats();
    assertThat(grown.entries()).isEqualTo(40_000);
    assertThat(grown.height()).isGreaterThanOrEqualTo(2);
    assertThat(store.live()).hasSize((int) grown.nodes());
    // Nodes stay reasonably full: at most ~4x the minimum number of leaves for the data.
    long minLeaves =
        40_000L * (100 + NodeCodec.LEAF_ENTRY_OVERHEAD) / TreeOptions.defaults().capacity();
    assertThat(grown.leafNodes()).isLessThan(4 * minLeaves);

    Collections.shuffle(order, new Random(43));
    long txg = 2;
    for (int n = 0; n < order.size(); n++) {
      assertThat(tree.delete(key(order.get(n)))).isTrue();
      if (n % 10_000 == 9_999) {
        tree.sync(txg++);
        TreeStats s = tree.stats();
        assertThat(s.entries()).isEqualTo(order.size() - n - 1L);
        // Merges keep the node count proportional to what is left.
        assertThat(s.leafNodes()).isLessThanOrEqualTo(4 * minLeaves * s.entries() / 40_000 + 1);
      }
    }
    BlockPointer root = tree.sync(txg);
    assertThat(tree.stats()).isEqualTo(new TreeStats(0, 1, 0, 1));
    assertThat(store.live()).containsExactly(root);
    assertThat(reachable(store, root)).containsExactly(root);
  }

  @Test
  void manyUpdatesToOneLeafInOneTxgCostOneWritePerLevel() throws IOException {
    BPlusTree tree = BPlusTree.create(store, TreeOptions.defaults().withNodeSize(1024), freer);
    for (int i = 0; i < 10_000; i++) {
      tree.put(key(i), value(i, 16));
    }
    tree.sync(1);
    int height = tree.stats().height();
    assertThat(height).isGreaterThanOrEqualTo(3);
    for (int round = 0; round < 1000; round++) {
      tree.put(key(5000 + round % 5), value(round, 16));
    }
    assertThat(tree.dirtyNodeCount()).isEqualTo(height);
    long writes = store.writes();
    tree.sync(2);
    assertThat(store.writes() - writes).isEqualTo(height);
    assertThat(freer.drain()).hasSize(height);
  }

  @Test
  void syncWithoutChangesWritesNothingAndKeepsTheRoot() throws IOException {
    BPlusTree tree = BPlusTree.create(store, TreeOptions.defaults(), freer);
    tree.put(key(1), value(1, 4));
    BlockPointer root = tree.sync(1);
    long writes = store.writes();
    assertThat(tree.delete(key(2))).isFalse();
    assertThat(tree.isDirty()).isFalse();
    assertThat(tree.sync(2)).isEqualTo(root);
    assertThat(store.writes()).isEqualTo(writes);
  }

  @Test
  void emptyNewTreeSyncsToAnEmptyLeaf() throws IOException {
    BPlusTree tree = BPlusTree.create(store, TreeOptions.defaults(), freer);
    assertThat(tree.committedRoot()).isEmpty();
    assertThat(tree.isDirty()).isTrue();
    BlockPointer root = tree.sync(1);
    assertThat(root.birthTxg()).isEqualTo(1);
    TreeSnapshot view = TreeSnapshot.open(store, root, TreeOptions.defaults());
    assertThat(view.stats()).isEqualTo(new TreeStats(0, 1, 0, 1));
    assertThat(view.ceiling(TreeKey.MIN)).isEmpty();
    assertThat(view.floor(TreeKey.MAX)).isEmpty();
  }

  @Test
  void rootCollapsesWhenDeletesLeaveOneChild() throws IOException {
    BPlusTree tree = BPlusTree.create(store, TreeOptions.defaults().withNodeSize(256), freer);
    for (int i = 0; i < 500; i++) {
      tree.put(key(i), value(i, 20));
    }
    tree.sync(1);
    assertThat(tree.stats().height()).isGreaterThanOrEqualTo(4);
    for (int i = 0; i < 499; i++) {
      tree.delete(key(i));
    }
    tree.sync(2);
    assertThat(tree.stats()).isEqualTo(new TreeStats(1, 1, 0, 1));
    assertThat(tree.get(key(499))).hasValueSatisfying(v -> assertThat(v).isEqualTo(value(499, 20)));
    assertThat(store.live()).hasSize(1);
  }
}
