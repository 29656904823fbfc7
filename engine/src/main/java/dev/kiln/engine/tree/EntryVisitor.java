package dev.kiln.engine.tree;

import java.io.IOException;

/** Receives tree entries from a traversal. */
@FunctionalInterface
public interface EntryVisitor {

  /** One entry; the value array is the visitor's own copy. */
  void visit(TreeEntry entry) throws IOException;
}
