package dev.kiln.engine.tree;

import dev.kiln.engine.block.BlockPointer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/** Shared helpers for tree tests. */
final class TreeFixtures {

  private TreeFixtures() {}

  /** Every node block reachable from {@code root}, read without any cache. */
  static Set<BlockPointer> reachable(MemoryBlockStore store, BlockPointer root) throws IOException {
    Set<BlockPointer> out = new HashSet<>();
    TreeSnapshot.open(store, root, TreeOptions.defaults().withCachedNodes(0))
        .visitBlocks(0, (p, level) -> assertTrue(out.add(p), "pointer reachable twice: " + p));
    return out;
  }

  /** All entries of a tree through a cursor from the smallest key. */
  static List<TreeEntry> all(TreeReader tree) throws IOException {
    return tree.scan(TreeKey.MIN, TreeKey.MAX, Integer.MAX_VALUE);
  }

  /** A model's entries as tree entries. */
  static List<TreeEntry> entries(Map<TreeKey, byte[]> model) {
    List<TreeEntry> out = new ArrayList<>();
    model.forEach((k, v) -> out.add(new TreeEntry(k, v)));
    return out;
  }

  /** Changes from {@code older} to {@code newer}, in key order. */
  static List<TreeChange> expectedDiff(
      NavigableMap<TreeKey, byte[]> older, NavigableMap<TreeKey, byte[]> newer) {
    TreeSet<TreeKey> keys = new TreeSet<>(older.keySet());
    keys.addAll(newer.keySet());
    List<TreeChange> out = new ArrayList<>();
    for (TreeKey k : keys) {
      byte[] o = older.get(k);
      byte[] n = newer.get(k);
      if (o == null) {
        out.add(TreeChange.added(k, n));
      } else if (n == null) {
        out.add(TreeChange.removed(k, o));
      } else if (!Arrays.equals(o, n)) {
        out.add(TreeChange.changed(k, o, n));
      }
    }
    return out;
  }

  /** Keys clustered like a dataset's: few object ids, few types, some huge unsigned values. */
  static TreeKey randomKey(Random rnd) {
    long object = rnd.nextInt(10) == 0 ? -1L - rnd.nextInt(4) : rnd.nextInt(200);
    int type = new int[] {1, 2, 3, 128, 255}[rnd.nextInt(5)];
    long offset = rnd.nextInt(8) == 0 ? rnd.nextLong() : rnd.nextInt(64) * 4096L;
    return TreeKey.of(object, type, offset);
  }

  /** Mostly small values, sometimes up to {@code max} bytes, sometimes empty. */
  static byte[] randomValue(Random rnd, int max) {
    int len = rnd.nextInt(10) == 0 ? rnd.nextInt(max + 1) : rnd.nextInt(Math.min(max, 40) + 1);
    byte[] v = new byte[len];
    rnd.nextBytes(v);
    return v;
  }

  /** Sequential key {@code i} of object {@code i / 100}. */
  static TreeKey key(int i) {
    return TreeKey.of(i / 100, 1, i % 100);
  }

  /** A deterministic value for key {@code i}. */
  static byte[] value(int i, int length) {
    byte[] v = new byte[length];
    Arrays.fill(v, (byte) i);
    if (length >= 4) {
      v[0] = (byte) (i >>> 24);
      v[1] = (byte) (i >>> 16);
      v[2] = (byte) (i >>> 8);
      v[3] = (byte) i;
    }
    return v;
  }

  private static void assertTrue(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }
}
