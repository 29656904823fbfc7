package dev.kiln.engine.tree;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.BlockStore;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Changes between two committed trees in the same block store, found by a merge of the two key
 * sequences in which identical block pointers at the heads of both sides are skipped whole: a
 * pointer names one immutable subtree, so equal pointers mean equal contents. The cost follows what
 * changed, not the tree size, for trees that share structure (a snapshot and its head).
 */
public final class TreeDiff {

  private sealed interface Item permits Subtree, Leaf {}

  private record Subtree(BlockPointer pointer, int level) implements Item {}

  private record Leaf(TreeKey key, byte[] value) implements Item {}

  private TreeDiff() {}

  /**
   * Reports every key added, removed or changed from {@code oldRoot} to {@code newRoot}, in key
   * order. A {@code null} root stands for an empty tree.
   */
  public static void between(
      BlockStore store,
      BlockPointer oldRoot,
      BlockPointer newRoot,
      TreeOptions options,
      ChangeVisitor visitor)
      throws IOException {
    between(
        new NodeLoader(store, new TreeNodeCache(options.cachedNodes())), oldRoot, newRoot, visitor);
  }

  static void between(
      NodeLoader loader, BlockPointer oldRoot, BlockPointer newRoot, ChangeVisitor visitor)
      throws IOException {
    if (oldRoot != null && oldRoot.equals(newRoot)) {
      return;
    }
    ArrayDeque<Item> older = start(loader, oldRoot);
    ArrayDeque<Item> newer = start(loader, newRoot);
    while (true) {
      Item a = older.peek();
      Item b = newer.peek();
      if (a == null && b == null) {
        return;
      }
      if (a instanceof Subtree sa && b instanceof Subtree sb && sa.pointer().equals(sb.pointer())) {
        older.pop();
        newer.pop();
        continue;
      }
      // Expand the taller subtree first so that equal subtrees can line up at the heads.
      if (a instanceof Subtree sa && !(b instanceof Subtree sb && sb.level() > sa.level())) {
        expand(loader, older);
        continue;
      }
      if (b instanceof Subtree) {
        expand(loader, newer);
        continue;
      }
      Leaf la = (Leaf) a;
      Leaf lb = (Leaf) b;
      int c = la == null ? 1 : lb == null ? -1 : la.key().compareTo(lb.key());
      if (c < 0) {
        older.pop();
        visitor.visit(TreeChange.removed(la.key(), la.value().clone()));
      } else if (c > 0) {
        newer.pop();
        visitor.visit(TreeChange.added(lb.key(), lb.value().clone()));
      } else {
        older.pop();
        newer.pop();
        if (!Arrays.equals(la.value(), lb.value())) {
          visitor.visit(TreeChange.changed(la.key(), la.value().clone(), lb.value().clone()));
        }
      }
    }
  }

  private static ArrayDeque<Item> start(NodeLoader loader, BlockPointer root) throws IOException {
    ArrayDeque<Item> items = new ArrayDeque<>();
    if (root != null) {
      items.push(new Subtree(root, loader.load(root, NodeLoader.ANY_LEVEL).level()));
    }
    return items;
  }

  /** Replaces the subtree at the head of {@code items} by its entries or children, in order. */
  private static void expand(NodeLoader loader, ArrayDeque<Item> items) throws IOException {
    Subtree s = (Subtree) items.pop();
    Node n = loader.load(s.pointer(), s.level());
    for (int i = n.size() - 1; i >= 0; i--) {
      items.push(
          n.isLeaf()
              ? new Leaf(n.key(i), n.value(i))
              : new Subtree(n.slot(i).pointer, n.level() - 1));
    }
  }
}
