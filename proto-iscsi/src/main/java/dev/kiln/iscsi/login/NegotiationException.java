package dev.kiln.iscsi.login;

import java.io.IOException;

/** A login key with an invalid value or offered twice: an initiator error (RFC 7143 §6.2). */
public final class NegotiationException extends IOException {

  private static final long serialVersionUID = 1L;

  /** Describes the faulty key. */
  public NegotiationException(String message) {
    super(message);
  }
}
