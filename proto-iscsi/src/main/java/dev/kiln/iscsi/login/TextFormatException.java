package dev.kiln.iscsi.login;

import java.io.IOException;

/** Text that does not follow RFC 7143 §6.1 (key=value, NUL-terminated). */
public final class TextFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  /** Describes the malformed text. */
  public TextFormatException(String message) {
    super(message);
  }
}
