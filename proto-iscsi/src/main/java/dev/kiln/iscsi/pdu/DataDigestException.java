package dev.kiln.iscsi.pdu;

import java.io.IOException;

/**
 * A data segment whose CRC32C does not match (RFC 7143 §7.8): the header was sound, so the target
 * answers with a Reject (reason 0x02) instead of guessing at the data.
 */
public final class DataDigestException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Pdu header;

  /** The PDU whose data failed its digest (data segment dropped). */
  public DataDigestException(Pdu header) {
    super("data digest mismatch on " + header);
    this.header = header;
  }

  /** The PDU header, for the Reject. */
  public Pdu header() {
    return header;
  }
}
