package dev.kiln.iscsi.pdu;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/**
 * Writes PDUs with one gathering write each: header, AHS, digests, the data segment (a slice of the
 * task's buffer, never copied) and its padding (RFC 7143 §11.2). Callers serialize access.
 */
public final class PduWriter {

  private static final ByteBuffer ZEROS = ByteBuffer.allocate(4);
  private final GatheringByteChannel out;
  private boolean headerDigest;
  private boolean dataDigest;

  /** A writer on a blocking channel. */
  public PduWriter(GatheringByteChannel out) {
    this.out = out;
  }

  /** Turns the negotiated digests on (§13.1). */
  public void digests(boolean header, boolean data) {
    this.headerDigest = header;
    this.dataDigest = data;
  }

  /** Writes {@code pdu} completely. */
  public void write(Pdu pdu) throws IOException {
    ByteBuffer header = pdu.header();
    ByteBuffer ahs = pdu.ahs();
    ByteBuffer data = pdu.data();
    int pad = Digests.padding(data.remaining());
    ByteBuffer[] parts = new ByteBuffer[6];
    int n = 0;
    parts[n++] = header;
    if (ahs.hasRemaining()) {
      parts[n++] = ahs;
    }
    if (headerDigest) {
      parts[n++] = Digests.wire(Digests.crc32c(header, ahs));
    }
    if (data.hasRemaining()) {
      parts[n++] = data;
      ByteBuffer padding = ZEROS.duplicate().limit(pad);
      if (pad > 0) {
        parts[n++] = padding;
      }
      if (dataDigest) {
        parts[n++] = Digests.wire(Digests.crc32c(data, padding));
      }
    }
    long total = 0;
    for (int i = 0; i < n; i++) {
      total += parts[i].remaining();
    }
    while (total > 0) {
      total -= out.write(parts, 0, n);
    }
  }
}
