package dev.kiln.engine.tree;

import java.io.IOException;

/**
 * Bytes that claim to be a tree node are not one (bad magic, unknown version, truncated, out of
 * order keys, wrong level, ...). Raised instead of ever returning wrong data.
 */
public final class CorruptNodeException extends IOException {

  /** A node failed validation for the reason given. */
  public CorruptNodeException(String message) {
    super(message);
  }
}
