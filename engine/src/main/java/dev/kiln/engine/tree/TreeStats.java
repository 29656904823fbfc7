package dev.kiln.engine.tree;

/**
 * Shape of a tree, computed by a full walk.
 *
 * @param entries number of keys
 * @param leafNodes number of leaf nodes
 * @param interiorNodes number of interior nodes
 * @param height levels from root to leaves (1 for a single leaf)
 */
public record TreeStats(long entries, long leafNodes, long interiorNodes, int height) {

  /** All nodes. */
  public long nodes() {
    return leafNodes + interiorNodes;
  }
}
