package dev.kiln.engine.tree;

import static dev.kiln.engine.tree.TreeFixtures.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TreeCursorTest {

  private final MemoryBlockStore store = new MemoryBlockStore();
  private final BPlusTree tree =
      BPlusTree.create(
          store, TreeOptions.defaults().withNodeSize(512), new RecordingFreer(store, true));

  private static TreeKey dirent(long cookie) {
    return TreeKey.of(7, 2, cookie);
  }

  @Test
  void cursorResumesAfterItsLastKeyAcrossInsertsAndDeletes() throws IOException {
    TreeSet<Long> present = new TreeSet<>();
    for (long c = 0; c < 3000; c += 2) {
      tree.put(dirent(c), value((int) c, 6));
      present.add(c);
    }
    tree.sync(1);
    TreeCursor cursor = tree.cursor(dirent(0));
    List<Long> listed = new ArrayList<>();
    TreeSet<Long> removedMeanwhile = new TreeSet<>();
    TreeEntry e;
    int step = 0;
    while ((e = cursor.next()) != null) {
      listed.add(e.key().offset());
      if (++step % 50 == 0) {
        // Directory changes while the listing is paused between READDIR calls.
        long c = e.key().offset();
        tree.put(dirent(c + 1), value(1, 3));
        tree.delete(dirent(c + 4));
        removedMeanwhile.add(c + 4);
        tree.delete(dirent(c));
        if (step % 200 == 0) {
          tree.sync(1 + step);
        }
      }
    }
    assertThat(listed).isSorted().doesNotHaveDuplicates();
    TreeSet<Long> untouched = new TreeSet<>(present);
    untouched.removeAll(removedMeanwhile);
    assertThat(listed).containsAll(untouched).doesNotContainAnyElementsOf(removedMeanwhile);
    assertThat(listed).as("inserted after the cursor").contains(99L);
  }

  @Test
  void scanRespectsBoundsAndLimit() throws IOException {
    for (long c = 0; c < 100; c++) {
      tree.put(dirent(c), value((int) c, 2));
    }
    tree.put(TreeKey.of(8, 0, 0), value(1, 1));
    List<TreeEntry> page = tree.scan(dirent(10), dirent(20), 5);
    assertThat(page).extracting(x -> x.key().offset()).containsExactly(10L, 11L, 12L, 13L, 14L);
    TreeKey cookie = page.getLast().key();
    assertThat(tree.scan(cookie.successor(), TreeKey.of(8, 0, 0), 1000)).hasSize(85);
    assertThat(tree.scan(dirent(50), dirent(50), 10)).isEmpty();
  }

  @Test
  void floorAndCeilingFindNeighboursForExtentLookups() throws IOException {
    for (long off = 0; off < 1 << 24; off += 128 * 1024) {
      tree.put(TreeKey.of(9, 3, off), value((int) (off >> 17), 4));
    }
    tree.sync(1);
    for (TreeReader r : List.of(tree, tree.committed())) {
      assertThat(r.floor(TreeKey.of(9, 3, 300_000)).orElseThrow().key())
          .isEqualTo(TreeKey.of(9, 3, 262_144));
      assertThat(r.ceiling(TreeKey.of(9, 3, 300_000)).orElseThrow().key())
          .isEqualTo(TreeKey.of(9, 3, 393_216));
      assertThat(r.floor(TreeKey.of(9, 2, -1L))).isEmpty();
      assertThat(r.ceiling(TreeKey.of(9, 4, 0))).isEmpty();
      assertThat(r.floor(TreeKey.MAX).orElseThrow().key())
          .isEqualTo(TreeKey.of(9, 3, (1 << 24) - 128 * 1024));
    }
  }
}
