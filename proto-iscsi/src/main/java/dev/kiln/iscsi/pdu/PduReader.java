package dev.kiln.iscsi.pdu;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Reads PDUs from a blocking channel (RFC 7143 §11.2): BHS, AHS, optional header digest, data
 * segment with padding, optional data digest. The caller may choose where a data segment lands
 * ({@link DataPlacement}), so write data goes straight into a task's transfer buffer.
 */
public final class PduReader {

  /** Chooses the buffer a data segment is read into, from the already-parsed header. */
  @FunctionalInterface
  public interface DataPlacement {
    /**
     * A buffer with exactly {@code length} bytes remaining, or null to let the reader allocate.
     *
     * @param header the PDU whose data is about to be read
     * @param length the DataSegmentLength
     */
    ByteBuffer place(Pdu header, int length);
  }

  private static final ByteBuffer NO_DATA = ByteBuffer.allocate(0);

  private final ReadableByteChannel in;
  private final ByteBuffer digestBuf = ByteBuffer.allocate(4);
  private final ByteBuffer padBuf = ByteBuffer.allocate(4);
  private volatile boolean headerDigest;
  private volatile boolean dataDigest;
  private volatile int maxDataSegment;

  /**
   * @param in a blocking channel
   * @param maxDataSegment the largest data segment accepted (our MaxRecvDataSegmentLength)
   */
  public PduReader(ReadableByteChannel in, int maxDataSegment) {
    this.in = in;
    this.maxDataSegment = maxDataSegment;
  }

  /** Turns the negotiated digests on for the PDUs after the login (§13.1). */
  public void digests(boolean header, boolean data) {
    this.headerDigest = header;
    this.dataDigest = data;
  }

  /** Sets the largest data segment accepted. */
  public void maxDataSegment(int bytes) {
    this.maxDataSegment = bytes;
  }

  /** Reads the next PDU, its data in a new buffer; EOFException on a clean close. */
  public Pdu read() throws IOException {
    return read((h, n) -> null);
  }

  /** Reads the next PDU, placing its data where {@code placement} says. */
  public Pdu read(DataPlacement placement) throws IOException {
    ByteBuffer bhs = ByteBuffer.allocate(Pdu.BHS_LENGTH);
    if (!fill(bhs, true)) {
      throw new EOFException("connection closed");
    }
    bhs.flip();
    Pdu header = Pdu.received(bhs, NO_DATA, NO_DATA);
    ByteBuffer ahs = NO_DATA;
    int ahsBytes = header.totalAhsWords() * 4;
    if (ahsBytes > 0) {
      ahs = ByteBuffer.allocate(ahsBytes);
      fill(ahs, false);
      ahs.flip();
    }
    if (headerDigest) {
      int got = readDigest();
      int want = Digests.crc32c(bhs, ahs);
      if (got != want) {
        // §7.8: a header digest error cannot be trusted for anything, not even the length.
        throw new PduFormatException("header digest mismatch");
      }
    }
    int length = header.dataSegmentLength();
    if (length > maxDataSegment) {
      throw new PduFormatException(
          "data segment of %d bytes exceeds MaxRecvDataSegmentLength %d"
              .formatted(length, maxDataSegment));
    }
    ByteBuffer data = NO_DATA;
    if (length > 0) {
      data = placement.place(header, length);
      if (data == null) {
        data = ByteBuffer.allocate(length);
      } else if (data.remaining() != length) {
        throw new IllegalStateException("placement returned a buffer of the wrong size");
      }
      ByteBuffer target = data.duplicate();
      fill(target, false);
      int pad = Digests.padding(length);
      padBuf.clear().limit(pad);
      fill(padBuf, false);
      if (dataDigest) {
        int got = readDigest();
        int want = Digests.crc32c(data, padBuf.flip());
        if (got != want) {
          throw new DataDigestException(Pdu.received(bhs, ahs, NO_DATA));
        }
      }
    }
    return Pdu.received(bhs, ahs, data);
  }

  private int readDigest() throws IOException {
    digestBuf.clear();
    fill(digestBuf, false);
    return Digests.fromWire(digestBuf);
  }

  /** Fills {@code b}; returns false on end of stream before the first byte when allowed. */
  private boolean fill(ByteBuffer b, boolean eofAllowed) throws IOException {
    boolean first = true;
    while (b.hasRemaining()) {
      int n = in.read(b);
      if (n < 0) {
        if (first && eofAllowed) {
          return false;
        }
        throw new EOFException("connection closed inside a PDU");
      }
      first = false;
    }
    return true;
  }
}
