package dev.kiln.smb.transport;

import java.io.IOException;

/** The peer broke the framing; the connection is closed. */
public final class MalformedFrameException extends IOException {

  private static final long serialVersionUID = 1L;

  /** A framing error. */
  public MalformedFrameException(String message) {
    super(message);
  }
}
