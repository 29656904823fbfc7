package dev.kiln.engine.tree;

import static dev.kiln.engine.tree.TreeFixtures.all;
import static dev.kiln.engine.tree.TreeFixtures.key;
import static dev.kiln.engine.tree.TreeFixtures.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.Compression;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BPlusTreeApiTest {

  private final MemoryBlockStore store = new MemoryBlockStore();
  private final RecordingFreer freer = new RecordingFreer(store, true);

  @Test
  void valuesUpToAQuarterNodeAreAcceptedAndLargerOnesRefused() throws IOException {
    TreeOptions options = TreeOptions.defaults();
    assertThat(options.maxValueBytes()).isEqualTo(4074);
    BPlusTree tree = BPlusTree.create(store, options, freer);
    for (int i = 0; i < 50; i++) {
      tree.put(key(i), value(i, options.maxValueBytes()));
    }
    tree.sync(1);
    assertThat(tree.stats().leafNodes()).isGreaterThan(1);
    assertThat(tree.get(key(33))).hasValueSatisfying(v -> assertThat(v).isEqualTo(value(33, 4074)));
    assertThatThrownBy(() -> tree.put(key(1), new byte[options.maxValueBytes() + 1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4074");
  }

  @Test
  void valueLimitNeverExceedsTheSixteenBitLengthField() throws IOException {
    TreeOptions huge = TreeOptions.defaults().withNodeSize(TreeOptions.MAX_NODE_SIZE);
    assertThat(huge.maxValueBytes()).isEqualTo(65535);
    BPlusTree tree = BPlusTree.create(store, huge, freer);
    tree.put(key(1), value(1, 65535));
    BlockPointer root = tree.sync(1);
    assertThat(TreeSnapshot.open(store, root, huge).get(key(1)).orElseThrow())
        .isEqualTo(value(1, 65535));
    assertThatThrownBy(() -> tree.put(key(2), new byte[65536]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void storedValuesAreCopiesOfTheCallersArrays() throws IOException {
    BPlusTree tree = BPlusTree.create(store, TreeOptions.defaults(), freer);
    byte[] v = {1, 2, 3};
    tree.put(key(1), v);
    v[0] = 9;
    byte[] read = tree.get(key(1)).orElseThrow();
    assertThat(read).containsExactly(1, 2, 3);
    read[1] = 9;
    assertThat(tree.get(key(1)).orElseThrow()).containsExactly(1, 2, 3);
  }

  @Test
  void discardChangesRestoresTheCommittedStateAndFreesNothing() throws IOException {
    BPlusTree tree = BPlusTree.create(store, TreeOptions.defaults().withNodeSize(512), freer);
    for (int i = 0; i < 500; i++) {
      tree.put(key(i), value(i, 8));
    }
    BlockPointer root = tree.sync(1);
    List<TreeEntry> before = all(tree);
    for (int i = 0; i < 500; i += 3) {
      tree.delete(key(i));
    }
    tree.put(key(9999), value(1, 1));
    tree.discardChanges();
    assertThat(tree.isDirty()).isFalse();
    assertThat(all(tree)).isEqualTo(before);
    assertThat(tree.sync(2)).isEqualTo(root);
    assertThat(freer.drain()).isEmpty();
  }

  @Test
  void syncTxgMustBePositiveAndNotGoBackwards() throws IOException {
    BPlusTree tree = BPlusTree.create(store, TreeOptions.defaults(), freer);
    assertThatThrownBy(() -> tree.sync(0)).isInstanceOf(IllegalArgumentException.class);
    tree.put(key(1), value(1, 1));
    tree.sync(5);
    assertThatThrownBy(() -> tree.sync(4)).isInstanceOf(IllegalArgumentException.class);
    tree.put(key(2), value(1, 1));
    assertThat(tree.sync(5).birthTxg()).isEqualTo(5);
    assertThat(freer.drain()).allMatch(p -> p.birthTxg() == 5);
  }

  @Test
  void syncRetriedAfterAWriteFailureCompletesWithoutLeaks() throws IOException {
    BPlusTree tree = BPlusTree.create(store, TreeOptions.defaults().withNodeSize(512), freer);
    for (int i = 0; i < 2000; i++) {
      tree.put(key(i), value(i, 8));
    }
    tree.sync(1);
    for (int i = 0; i < 2000; i += 40) {
      tree.put(key(i), value(i + 1, 9));
    }
    tree.delete(key(7));
    store.failWriteAfter(10);
    assertThatThrownBy(() -> tree.sync(2)).isInstanceOf(IOException.class);
    tree.put(key(80), value(5, 5));
    BlockPointer root = tree.sync(2);
    assertThat(store.live()).isEqualTo(TreeFixtures.reachable(store, root));
    assertThat(tree.get(key(40))).hasValueSatisfying(v -> assertThat(v).isEqualTo(value(41, 9)));
    assertThat(tree.get(key(80))).hasValueSatisfying(v -> assertThat(v).isEqualTo(value(5, 5)));
    assertThat(tree.get(key(7))).isEmpty();
    assertThat(all(TreeSnapshot.open(store, root, TreeOptions.defaults()))).hasSize(1999);
  }

  @Test
  void discardAfterAFailedSyncReleasesWhatThatSyncWrote() throws IOException {
    BPlusTree tree = BPlusTree.create(store, TreeOptions.defaults().withNodeSize(512), freer);
    for (int i = 0; i < 2000; i++) {
      tree.put(key(i), value(i, 8));
    }
    BlockPointer root = tree.sync(1);
    List<TreeEntry> before = all(tree);
    for (int i = 0; i < 2000; i += 40) {
      tree.put(key(i), value(i + 1, 9));
    }
    store.failWriteAfter(10);
    assertThatThrownBy(() -> tree.sync(2)).isInstanceOf(IOException.class);
    tree.discardChanges();
    assertThat(freer.drain()).hasSize(10);
    assertThat(store.live()).isEqualTo(TreeFixtures.reachable(store, root));
    assertThat(all(tree)).isEqualTo(before);
    assertThat(tree.sync(2)).isEqualTo(root);
  }

  @Test
  void aFailingFreerNeverLeavesTheHeadOnReleasedBlocks() throws IOException {
    int[] calls = {0};
    BlockFreer flaky =
        (p, txg) -> {
          if (++calls[0] == 3) {
            throw new IOException("injected freer failure");
          }
          freer.release(p, txg);
        };
    BPlusTree tree = BPlusTree.create(store, TreeOptions.defaults().withNodeSize(512), flaky);
    for (int i = 0; i < 2000; i++) {
      tree.put(key(i), value(i, 8));
    }
    tree.sync(1);
    for (int i = 0; i < 2000; i += 100) {
      tree.put(key(i), value(i + 1, 9));
    }
    assertThatThrownBy(() -> tree.sync(2)).hasMessageContaining("injected");
    BlockPointer root = tree.committedRoot().orElseThrow();
    assertThat(root.birthTxg()).isEqualTo(2);
    tree.discardChanges();
    assertThat(tree.get(key(100)).orElseThrow()).isEqualTo(value(101, 9));
    assertThat(tree.sync(3)).isEqualTo(root);
    assertThat(store.live()).isEqualTo(TreeFixtures.reachable(store, root));
  }

  @Test
  void deleteRangeRemovesExactlyTheRange() throws IOException {
    BPlusTree tree = BPlusTree.create(store, TreeOptions.defaults().withNodeSize(512), freer);
    for (int i = 0; i < 3000; i++) {
      tree.put(key(i), value(i, 8));
    }
    tree.sync(1);
    // Objects are i / 100: destroy objects 5..24 entirely.
    assertThat(tree.deleteRange(TreeKey.of(5, 0, 0), TreeKey.of(25, 0, 0))).isEqualTo(2000);
    BlockPointer root = tree.sync(2);
    assertThat(tree.stats().entries()).isEqualTo(1000);
    assertThat(tree.floor(TreeKey.of(24, 255, -1L)).orElseThrow().key()).isEqualTo(key(499));
    assertThat(tree.ceiling(TreeKey.of(5, 0, 0)).orElseThrow().key()).isEqualTo(key(2500));
    assertThat(store.live()).isEqualTo(TreeFixtures.reachable(store, root));
  }

  @Test
  void committedViewRequiresASync() {
    BPlusTree tree = BPlusTree.create(store, TreeOptions.defaults(), freer);
    assertThatThrownBy(tree::committed).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void optionsAreValidated() {
    assertThatThrownBy(() -> new TreeOptions(100, Compression.LZ4, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TreeOptions(1 << 21, Compression.LZ4, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TreeOptions(4096, Compression.LZ4, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(TreeOptions.defaults().nodeSize()).isEqualTo(16384);
  }

  @Test
  void readOnlyAccessKeepsOnlyTheBoundedNodeCache() throws IOException {
    BPlusTree tree = BPlusTree.create(store, TreeOptions.defaults().withNodeSize(512), freer);
    for (int i = 0; i < 5000; i++) {
      tree.put(key(i), value(i, 8));
    }
    BlockPointer root = tree.sync(1);
    TreeSnapshot view = TreeSnapshot.open(store, root, TreeOptions.defaults().withCachedNodes(4));
    assertThat(all(view)).hasSize(5000);
    for (int i = 0; i < 5000; i += 7) {
      assertThat(view.get(key(i))).isPresent();
    }
    assertThat(view.stats().nodes()).isGreaterThan(100);
    assertThat(view.loader().cache().size()).isLessThanOrEqualTo(4);
    assertThat(view.loader().cache().capacity()).isEqualTo(4);

    BPlusTree head = BPlusTree.open(store, root, TreeOptions.defaults().withCachedNodes(4), freer);
    assertThat(all(head)).hasSize(5000);
    assertThat(head.dirtyNodeCount()).isZero();
    assertThat(head.isDirty()).isFalse();
  }

  @Test
  void snapshotsCanBeReadConcurrently() throws Exception {
    BPlusTree tree = BPlusTree.create(store, TreeOptions.defaults().withNodeSize(512), freer);
    for (int i = 0; i < 3000; i++) {
      tree.put(key(i), value(i, 8));
    }
    TreeSnapshot view = TreeSnapshot.open(store, tree.sync(1), TreeOptions.defaults());
    List<TreeEntry> expected = all(view);
    try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      List<java.util.concurrent.Future<List<TreeEntry>>> results = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(executor.submit(() -> all(view)));
      }
      for (var f : results) {
        assertThat(f.get()).isEqualTo(expected);
      }
    }
  }

  @Test
  void aSharedNodeCacheBoundsMemoryAcrossTreesAndServesRepeatReads() throws IOException {
    TreeNodeCache shared = new TreeNodeCache(16);
    TreeOptions small = TreeOptions.defaults().withNodeSize(512);
    BPlusTree a = BPlusTree.create(store, small, freer, shared);
    BPlusTree b = BPlusTree.create(store, small, freer, shared);
    for (int i = 0; i < 3000; i++) {
      a.put(key(i), value(i, 8));
      b.put(key(i), value(i + 1, 8));
    }
    BlockPointer rootA = a.sync(1);
    BlockPointer rootB = b.sync(1);
    assertThat(shared.size()).isEqualTo(16);
    TreeSnapshot viewA = TreeSnapshot.open(store, rootA, shared);
    TreeSnapshot viewB = TreeSnapshot.open(store, rootB, shared);
    assertThat(all(viewA)).hasSize(3000);
    assertThat(all(viewB)).hasSize(3000);
    assertThat(shared.size()).isLessThanOrEqualTo(16);
    assertThat(viewA.get(key(10)).orElseThrow()).isEqualTo(value(10, 8));
    assertThat(viewB.get(key(10)).orElseThrow()).isEqualTo(value(11, 8));
    long reads = store.reads();
    viewB.get(key(10));
    assertThat(store.reads()).as("path just read is cached").isEqualTo(reads);
    assertThatThrownBy(() -> new TreeNodeCache(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void snapshotReadersRunConcurrentlyWithHeadChangesAndSyncs() throws Exception {
    RecordingFreer keepAll = new RecordingFreer(store, false);
    TreeNodeCache shared = new TreeNodeCache(64);
    BPlusTree head =
        BPlusTree.create(store, TreeOptions.defaults().withNodeSize(512), keepAll, shared);
    for (int i = 0; i < 2000; i++) {
      head.put(key(i), value(i, 8));
    }
    BlockPointer first = head.sync(1);
    TreeSnapshot snapshot = head.committed();
    List<TreeEntry> expected = all(snapshot);
    java.util.Set<Integer> present = new java.util.HashSet<>();
    for (int i = 0; i < 2000; i++) {
      present.add(i);
    }
    java.util.concurrent.atomic.AtomicBoolean headDone =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.CountDownLatch readersStarted = new java.util.concurrent.CountDownLatch(4);
    try (var executor = java.util.concurrent.Executors.newFixedThreadPool(5)) {
      List<java.util.concurrent.Future<Integer>> readers = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        readers.add(
            executor.submit(
                () -> {
                  readersStarted.countDown();
                  int scans = 0;
                  do {
                    assertThat(all(snapshot)).isEqualTo(expected);
                    scans++;
                  } while (!headDone.get());
                  return scans;
                }));
      }
      java.util.concurrent.Future<?> writer =
          executor.submit(
              () -> {
                readersStarted.await();
                for (int round = 0; round < 20; round++) {
                  for (int i = round; i < 2000; i += 7) {
                    head.put(key(i), value(round, 9));
                    present.add(i);
                  }
                  head.delete(key(round * 50));
                  present.remove(round * 50);
                  head.sync(2 + round);
                }
                headDone.set(true);
                return null;
              });
      writer.get();
      for (var r : readers) {
        assertThat(r.get()).isPositive();
      }
    }
    assertThat(head.stats().entries()).isEqualTo(present.size());
    assertThat(all(TreeSnapshot.open(store, first, shared))).isEqualTo(expected);
  }
}
