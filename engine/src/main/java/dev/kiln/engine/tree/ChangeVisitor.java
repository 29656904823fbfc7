package dev.kiln.engine.tree;

import java.io.IOException;

/** Receives the changes between two committed trees, in key order. */
@FunctionalInterface
public interface ChangeVisitor {

  /** One added, removed or changed key. */
  void visit(TreeChange change) throws IOException;
}
