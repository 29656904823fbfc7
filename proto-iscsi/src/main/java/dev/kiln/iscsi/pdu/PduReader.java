package dev.kiln.iscsi.pdu;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Reads PDUs from a blocking channel (RFC 7143 §11.2): BHS, AHS, optional header digest, data
 * segment with padding, optional data digest. The caller may choose where a data segment lands
 * ({@link DataPlacement}), so write data goes straight into a task's transfer buffer.
 *
 * <p>The channel is read in large chunks into one direct buffer: an initiator with 32 commands in
 * flight sends them back to back, and one system call then brings many PDUs (the kernel copies into
 * native memory once; a heap buffer would be copied through a temporary direct one anyway). {@link
 * #wholePduBuffered()} tells the caller whether the next read can complete without waiting, so it
 * can first answer what it gathered.
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

  /** Bytes read from the channel at most per system call. */
  static final int BUFFER_BYTES = 256 << 10;

  private final ReadableByteChannel in;
  // Bytes read ahead: between position and limit, not yet consumed.
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).limit(0);
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

  /**
   * True when the next PDU is already read ahead whole, so {@link #read} returns it without waiting
   * for the channel.
   */
  public boolean wholePduBuffered() {
    int at = buffer.position();
    int have = buffer.remaining();
    if (have < Pdu.BHS_LENGTH) {
      return false;
    }
    int ahs = (buffer.get(at + 4) & 0xff) * 4;
    int length =
        (buffer.get(at + 5) & 0xff) << 16
            | (buffer.get(at + 6) & 0xff) << 8
            | (buffer.get(at + 7) & 0xff);
    long whole =
        (long) Pdu.BHS_LENGTH
            + ahs
            + (headerDigest ? 4 : 0)
            + (length == 0 ? 0 : length + Digests.padding(length) + (dataDigest ? 4 : 0));
    return whole <= have;
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

  /**
   * Fills {@code b} from the read-ahead buffer, refilling it from the channel as needed; returns
   * false on end of stream before the first byte when allowed.
   */
  private boolean fill(ByteBuffer b, boolean eofAllowed) throws IOException {
    boolean first = true;
    while (b.hasRemaining()) {
      if (!buffer.hasRemaining()) {
        buffer.clear();
        int n;
        try {
          n = in.read(buffer);
        } finally {
          buffer.flip();
        }
        if (n < 0) {
          if (first && eofAllowed) {
            return false;
          }
          throw new EOFException("connection closed inside a PDU");
        }
        continue;
      }
      int n = Math.min(b.remaining(), buffer.remaining());
      b.put(b.position(), buffer, buffer.position(), n);
      b.position(b.position() + n);
      buffer.position(buffer.position() + n);
      first = false;
    }
    return true;
  }
}
