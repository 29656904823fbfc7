package dev.kiln.iscsi.pdu;

import java.io.IOException;

/**
 * A PDU that cannot be framed: a digest mismatch, a segment longer than negotiated, a reserved
 * opcode. At ErrorRecoveryLevel 0 the connection is dropped (RFC 7143 §7.1.4 and §7.8).
 */
public final class PduFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  /** A framing error described by {@code message}. */
  public PduFormatException(String message) {
    super(message);
  }
}
