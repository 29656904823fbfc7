package dev.kiln.iscsi.pdu;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The CRC32C digests of RFC 7143 §13.1 and §12.1: the Castagnoli CRC over the header (BHS and AHS)
 * or over the data segment with its padding, sent least significant byte first as every initiator
 * does.
 */
public final class Digests {

  private Digests() {}

  /** The CRC32C of the remaining bytes of each buffer, in order; positions are not moved. */
  public static int crc32c(ByteBuffer... parts) {
    CRC32C crc = new CRC32C();
    for (ByteBuffer b : parts) {
      crc.update(b.duplicate());
    }
    return (int) crc.getValue();
  }

  /** Encodes a digest in wire order. */
  public static ByteBuffer wire(int crc) {
    ByteBuffer b = ByteBuffer.allocate(4);
    b.put((byte) crc).put((byte) (crc >>> 8)).put((byte) (crc >>> 16)).put((byte) (crc >>> 24));
    return b.flip();
  }

  /** Decodes a digest read in wire order. */
  public static int fromWire(ByteBuffer b) {
    return (b.get(0) & 0xff)
        | (b.get(1) & 0xff) << 8
        | (b.get(2) & 0xff) << 16
        | (b.get(3) & 0xff) << 24;
  }

  /** Padding that brings {@code length} to a multiple of four (§11.2.3). */
  public static int padding(int length) {
    return (4 - (length & 3)) & 3;
  }
}
