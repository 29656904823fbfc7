package dev.kiln.engine.tree;

import dev.kiln.engine.block.BlockPointer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The parsed contents of one tree node block, for code that walks blocks without a tree: scrub
 * (child pointers of a verified block), space accounting and debugging tools.
 *
 * @param level 0 for a leaf, the height above the leaves for an interior node
 * @param children child block pointers of an interior node (empty for a leaf)
 * @param entries the entries of a leaf (empty for an interior node); values are copies
 */
public record NodeContents(int level, List<BlockPointer> children, List<TreeEntry> entries) {

  /** Copies the lists. */
  public NodeContents {
    children = List.copyOf(children);
    entries = List.copyOf(entries);
  }

  /** Parses the logical (decompressed, verified) bytes of a node block. */
  public static NodeContents parse(ByteBuffer block) throws CorruptNodeException {
    Node n = NodeCodec.decode(block);
    List<BlockPointer> children = new ArrayList<>();
    List<TreeEntry> entries = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      if (n.isLeaf()) {
        entries.add(n.entry(i));
      } else {
        children.add(n.slot(i).pointer);
      }
    }
    return new NodeContents(n.level(), children, entries);
  }

  /** Whether this is a leaf. */
  public boolean isLeaf() {
    return level == 0;
  }
}
