package dev.kiln.iscsi.pdu;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.List;

/**
 * Writes PDUs with one gathering write for one or many: header, AHS, digests, the data segment (a
 * slice of the task's buffer, never copied) and its padding (RFC 7143 §11.2). Callers serialize
 * access.
 */
public final class PduWriter {

  private static final ByteBuffer ZEROS = ByteBuffer.allocate(4);
  private static final int PARTS_PER_PDU = 6;
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
    write(List.of(pdu));
  }

  /**
   * Writes {@code pdus} completely, in order, with as few system calls as the channel allows: a
   * batch of responses leaves in one gathering write.
   */
  public void write(List<Pdu> pdus) throws IOException {
    ByteBuffer[] parts = new ByteBuffer[PARTS_PER_PDU * pdus.size()];
    int n = 0;
    long total = 0;
    for (Pdu pdu : pdus) {
      int first = n;
      ByteBuffer header = pdu.header();
      ByteBuffer ahs = pdu.ahs();
      ByteBuffer data = pdu.data();
      int pad = Digests.padding(data.remaining());
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
      for (int i = first; i < n; i++) {
        total += parts[i].remaining();
      }
    }
    int from = 0;
    while (total > 0) {
      total -= out.write(parts, from, n - from);
      while (from < n && !parts[from].hasRemaining()) {
        from++;
      }
    }
  }
}
