package dev.kiln.engine.tree;

import static dev.kiln.engine.tree.TreeFixtures.key;
import static dev.kiln.engine.tree.TreeFixtures.reachable;
import static dev.kiln.engine.tree.TreeFixtures.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.block.BlockPointer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BlockTraversalTest {

  private static final TreeOptions SMALL = TreeOptions.defaults().withNodeSize(512);

  private final MemoryBlockStore store = new MemoryBlockStore();
  private final BPlusTree tree = BPlusTree.create(store, SMALL, new RecordingFreer(store, true));

  @Test
  void visitBlocksReportsExactlyTheBlocksBornSinceTheGivenTxg() throws IOException {
    for (int i = 0; i < 3000; i++) {
      tree.put(key(i), value(i, 10));
    }
    tree.sync(10);
    for (int txg = 11; txg <= 15; txg++) {
      for (int i = 0; i < 20; i++) {
        tree.put(key((txg * 131 + i * 17) % 4000), value(txg, 12));
      }
      tree.delete(key(txg * 7));
      tree.sync(txg);
    }
    BlockPointer root = tree.committedRoot().orElseThrow();
    Set<BlockPointer> all = reachable(store, root);
    TreeSnapshot view = TreeSnapshot.open(store, root, SMALL.withCachedNodes(0));
    for (long min = 0; min <= 16; min++) {
      long threshold = min;
      Map<BlockPointer, Integer> seen = new HashMap<>();
      view.visitBlocks(min, (p, level) -> assertThat(seen.put(p, level)).isNull());
      Set<BlockPointer> expected =
          all.stream().filter(p -> p.birthTxg() >= threshold).collect(Collectors.toSet());
      assertThat(seen.keySet()).as("minBirthTxg %d", min).isEqualTo(expected);
    }
    assertThat(all.stream().map(BlockPointer::birthTxg).collect(Collectors.toSet()))
        .contains(10L, 15L);
  }

  @Test
  void visitBlocksReportsLevelsAndSkipsOldSubtreesWithoutReadingThem() throws IOException {
    for (int i = 0; i < 5000; i++) {
      tree.put(key(i), value(i, 10));
    }
    tree.sync(1);
    tree.put(key(2500), value(1, 1));
    BlockPointer root = tree.sync(2);
    TreeStats stats = tree.stats();
    TreeSnapshot view = TreeSnapshot.open(store, root, SMALL.withCachedNodes(0));

    List<Integer> levels = new ArrayList<>();
    long readsBefore = store.reads();
    view.visitBlocks(2, (p, level) -> levels.add(level));
    // One changed path: a block per level, leaf included; only interior nodes are read.
    assertThat(levels).hasSize(stats.height());
    assertThat(new HashSet<>(levels)).hasSize(stats.height()).contains(0);
    assertThat(store.reads() - readsBefore).isEqualTo(stats.height() - 1L);

    long[] leaves = new long[1];
    view.visitBlocks(0, (p, level) -> leaves[0] += level == 0 ? 1 : 0);
    assertThat(leaves[0]).isEqualTo(stats.leafNodes());
    levels.clear();
    view.visitBlocks(3, (p, level) -> levels.add(level));
    assertThat(levels).isEmpty();
  }

  @Test
  void visitEntriesCoversEverythingWrittenSinceATxgAndReadsOnlyThatPart() throws IOException {
    for (int i = 0; i < 5000; i++) {
      tree.put(key(i), value(i, 10));
    }
    tree.sync(1);
    tree.put(key(100), value(5, 5));
    tree.put(key(4900), value(6, 6));
    BlockPointer root = tree.sync(2);
    TreeSnapshot view = TreeSnapshot.open(store, root, SMALL.withCachedNodes(0));
    List<TreeEntry> seen = new ArrayList<>();
    long readsBefore = store.reads();
    view.visitEntries(2, seen::add);
    long reads = store.reads() - readsBefore;
    assertThat(seen).contains(new TreeEntry(key(100), value(5, 5)));
    assertThat(seen).contains(new TreeEntry(key(4900), value(6, 6)));
    assertThat(seen.size()).isLessThan(100);
    assertThat(seen).isSortedAccordingTo((a, b) -> a.key().compareTo(b.key()));
    assertThat(reads).isLessThanOrEqualTo(2L * tree.stats().height());

    List<TreeEntry> everything = new ArrayList<>();
    view.visitEntries(0, everything::add);
    assertThat(everything).isEqualTo(TreeFixtures.all(view));
  }

  @Test
  void nodeContentsLetsABlockWalkerFindEveryNodeWithoutATree() throws IOException {
    for (int i = 0; i < 2000; i++) {
      tree.put(key(i), value(i, 10));
    }
    BlockPointer root = tree.sync(1);
    // What a scrub does: start at the root, ask each verified block for its children.
    Set<BlockPointer> walked = new HashSet<>();
    List<TreeEntry> entries = new ArrayList<>();
    List<BlockPointer> todo = new ArrayList<>(List.of(root));
    while (!todo.isEmpty()) {
      BlockPointer p = todo.removeLast();
      walked.add(p);
      NodeContents contents = NodeContents.parse(store.read(p));
      assertThat(contents.isLeaf()).isEqualTo(contents.children().isEmpty());
      todo.addAll(contents.children());
      entries.addAll(contents.entries());
    }
    assertThat(walked).isEqualTo(reachable(store, root));
    assertThat(entries).hasSize(2000).contains(new TreeEntry(key(1999), value(1999, 10)));
  }
}
