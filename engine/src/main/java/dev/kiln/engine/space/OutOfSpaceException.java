package dev.kiln.engine.space;

import java.io.IOException;

/** No free extent is large enough (or the request would eat into the space kept for metadata). */
public final class OutOfSpaceException extends IOException {

  /** Reports the failed request. */
  public OutOfSpaceException(String message) {
    super(message);
  }
}
