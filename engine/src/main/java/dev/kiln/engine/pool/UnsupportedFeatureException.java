package dev.kiln.engine.pool;

import java.io.IOException;

/** The pool uses an on-disk format version or feature this build does not support. */
public final class UnsupportedFeatureException extends IOException {

  /** Names the pool and the unsupported features. */
  public UnsupportedFeatureException(String message) {
    super(message);
  }
}
