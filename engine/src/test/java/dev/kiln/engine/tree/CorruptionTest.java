package dev.kiln.engine.tree;

import static dev.kiln.engine.tree.TreeFixtures.key;
import static dev.kiln.engine.tree.TreeFixtures.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.ChecksumMismatchException;
import dev.kiln.engine.block.Compression;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CorruptionTest {

  private static final int KEYS = 3000;
  private static final TreeOptions SMALL = TreeOptions.defaults().withNodeSize(512);

  private final MemoryBlockStore store = new MemoryBlockStore();
  private final RecordingFreer keepAll = new RecordingFreer(store, false);

  private BlockPointer build() throws IOException {
    BPlusTree tree = BPlusTree.create(store, SMALL, keepAll);
    for (int i = 0; i < KEYS; i++) {
      tree.put(key(i), value(i, 12));
    }
    return tree.sync(1);
  }

  private List<BlockPointer> blocksAtLevel(BlockPointer root, int wanted) throws IOException {
    List<BlockPointer> out = new ArrayList<>();
    TreeSnapshot.open(store, root, SMALL)
        .visitBlocks(
            0,
            (p, level) -> {
              if (level == wanted) {
                out.add(p);
              }
            });
    return out;
  }

  private Set<TreeKey> keysIn(BlockPointer leaf) throws IOException {
    Node n = NodeCodec.decode(store.read(leaf));
    Set<TreeKey> keys = new HashSet<>();
    for (int i = 0; i < n.size(); i++) {
      keys.add(n.key(i));
    }
    return keys;
  }

  @Test
  void corruptLeafFailsExactlyItsKeysAndNeverReturnsWrongData() throws IOException {
    BlockPointer root = build();
    BlockPointer leaf = blocksAtLevel(root, 0).get(7);
    Set<TreeKey> lost = keysIn(leaf);
    store.corrupt(leaf, 40);

    for (TreeReader reader :
        List.of(
            TreeSnapshot.open(store, root, SMALL), BPlusTree.open(store, root, SMALL, keepAll))) {
      int failures = 0;
      for (int i = 0; i < KEYS; i++) {
        TreeKey k = key(i);
        if (lost.contains(k)) {
          assertThatThrownBy(() -> reader.get(k)).isInstanceOf(ChecksumMismatchException.class);
          failures++;
        } else {
          assertThat(reader.get(k))
              .hasValueSatisfying(v -> assertThat(v).isEqualTo(value(k2i(k), 12)));
        }
      }
      assertThat(failures).isEqualTo(lost.size()).isPositive();
      assertThatThrownBy(() -> TreeFixtures.all(reader))
          .isInstanceOf(ChecksumMismatchException.class)
          .satisfies(e -> assertThat(((ChecksumMismatchException) e).pointer()).isEqualTo(leaf));
      assertThatThrownBy(reader::stats).isInstanceOf(ChecksumMismatchException.class);
    }
  }

  @Test
  void corruptInteriorNodeFailsReadsWritesDiffsAndTraversals() throws IOException {
    BlockPointer root = build();
    BlockPointer interior = blocksAtLevel(root, 1).get(2);
    store.corrupt(interior, 100);
    BPlusTree head = BPlusTree.open(store, root, SMALL, keepAll);
    TreeSnapshot view = TreeSnapshot.open(store, root, SMALL);

    int failures = 0;
    for (int i = 0; i < KEYS; i++) {
      byte[] expected = value(i, 12);
      try {
        assertThat(view.get(key(i))).hasValueSatisfying(v -> assertThat(v).isEqualTo(expected));
      } catch (ChecksumMismatchException corrupt) {
        failures++;
      }
    }
    assertThat(failures).isPositive().isLessThan(KEYS);
    assertThatThrownBy(() -> view.visitBlocks(0, (p, l) -> {}))
        .isInstanceOf(ChecksumMismatchException.class);
    assertThatThrownBy(() -> TreeDiff.between(store, null, root, SMALL, c -> {}))
        .isInstanceOf(ChecksumMismatchException.class);
    TreeKey firstLost = firstFailing(view);
    assertThatThrownBy(() -> head.put(firstLost, new byte[] {1}))
        .isInstanceOf(ChecksumMismatchException.class);
    assertThatThrownBy(() -> head.delete(firstLost)).isInstanceOf(ChecksumMismatchException.class);
  }

  @Test
  void corruptRootFailsEverything() throws IOException {
    BlockPointer root = build();
    store.corrupt(root, 5);
    TreeSnapshot view = TreeSnapshot.open(store, root, SMALL);
    assertThatThrownBy(() -> view.get(key(1))).isInstanceOf(ChecksumMismatchException.class);
    assertThatThrownBy(() -> view.floor(key(1))).isInstanceOf(ChecksumMismatchException.class);
    assertThatThrownBy(() -> view.ceiling(key(1))).isInstanceOf(ChecksumMismatchException.class);
  }

  @Test
  void wellChecksummedNodeOfTheWrongLevelIsRejected() throws IOException {
    Node leaf = Node.leaf(List.of(key(1)), List.of(value(1, 4)));
    BlockPointer leafPointer = store.write(NodeCodec.encode(leaf), Compression.OFF, 1);
    // An interior node at level 2 that points straight at a leaf: the tree's shape is wrong.
    Node bogus = Node.interior(2, List.of(key(0)), List.of(ChildSlot.clean(leafPointer)));
    BlockPointer root = store.write(NodeCodec.encode(bogus), Compression.OFF, 1);
    TreeSnapshot view = TreeSnapshot.open(store, root, SMALL);
    assertThatThrownBy(() -> view.get(key(1)))
        .isInstanceOf(CorruptNodeException.class)
        .hasMessageContaining("level 0 where 1 was expected");
  }

  @Test
  void childBornAfterItsParentIsRejected() throws IOException {
    Node leaf = Node.leaf(List.of(key(1)), List.of(value(1, 4)));
    BlockPointer leafPointer = store.write(NodeCodec.encode(leaf), Compression.OFF, 9);
    Node parent = Node.interior(1, List.of(key(0)), List.of(ChildSlot.clean(leafPointer)));
    BlockPointer root = store.write(NodeCodec.encode(parent), Compression.OFF, 3);
    assertThatThrownBy(() -> TreeSnapshot.open(store, root, SMALL).get(key(1)))
        .isInstanceOf(CorruptNodeException.class)
        .hasMessageContaining("after its parent");
  }

  private static TreeKey firstFailing(TreeSnapshot view) throws IOException {
    for (int i = 0; i < KEYS; i++) {
      try {
        view.get(key(i));
      } catch (ChecksumMismatchException e) {
        return key(i);
      }
    }
    throw new AssertionError("no failing key");
  }

  private static int k2i(TreeKey k) {
    return (int) (k.objectId() * 100 + k.offset());
  }
}
