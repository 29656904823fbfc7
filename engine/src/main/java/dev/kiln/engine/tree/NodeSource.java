package dev.kiln.engine.tree;

import java.io.IOException;

/** Where read paths get nodes from: a committed root, or a head tree's dirty working set. */
interface NodeSource {

  /** The root node. */
  Node root() throws IOException;

  /** Child {@code index} of interior node {@code parent}. */
  Node child(Node parent, int index) throws IOException;

  /** Changes whenever the tree is modified; cursors re-seek when it does. */
  long version();
}
