package dev.kiln.iscsi.pdu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One iSCSI PDU: the 48-byte Basic Header Segment, the Additional Header Segments and the data
 * segment (RFC 7143 §11.2). The header is a big-endian buffer accessed by offset; the data segment
 * is whatever buffer the reader placed it in, often a slice of a task's transfer buffer, so the
 * data path never copies a PDU.
 */
public final class Pdu {

  /** Length of the Basic Header Segment (§11.2.1). */
  public static final int BHS_LENGTH = 48;

  /** The reserved tag value 0xffffffff (§11.2.1.8 and §11.18.2). */
  public static final int RESERVED_TAG = 0xffffffff;

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final ByteBuffer header;
  private ByteBuffer ahs;
  private ByteBuffer data;

  private Pdu(ByteBuffer header, ByteBuffer ahs, ByteBuffer data) {
    this.header = header.order(ByteOrder.BIG_ENDIAN);
    this.ahs = ahs;
    this.data = data;
  }

  /** A PDU read from the wire (header owned by the PDU). */
  static Pdu received(ByteBuffer header, ByteBuffer ahs, ByteBuffer data) {
    return new Pdu(header, ahs, data);
  }

  /** A new outgoing PDU with {@code opcode}, every other header field zero and no data. */
  public static Pdu create(int opcode) {
    Pdu p = new Pdu(ByteBuffer.allocate(BHS_LENGTH), EMPTY, EMPTY);
    p.header.put(0, (byte) opcode);
    return p;
  }

  /** The opcode, without the immediate bit (§11.2.1.2). */
  public int opcode() {
    return header.get(0) & 0x3f;
  }

  /** The immediate-delivery bit of a request (§11.2.1.1). */
  public boolean immediate() {
    return (header.get(0) & 0x40) != 0;
  }

  /** The final bit, bit 7 of byte 1. */
  public boolean finalBit() {
    return (header.get(1) & 0x80) != 0;
  }

  /** Byte {@code index} of the header, unsigned. */
  public int u8(int index) {
    return header.get(index) & 0xff;
  }

  /** Sets header byte {@code index}. */
  public Pdu u8(int index, int value) {
    header.put(index, (byte) value);
    return this;
  }

  /** The big-endian 16-bit header field at {@code index}, unsigned. */
  public int u16(int index) {
    return header.getShort(index) & 0xffff;
  }

  /** Sets the 16-bit header field at {@code index}. */
  public Pdu u16(int index, int value) {
    header.putShort(index, (short) value);
    return this;
  }

  /** The 32-bit header field at {@code index} (sequence numbers, tags: compare them unsigned). */
  public int i32(int index) {
    return header.getInt(index);
  }

  /** Sets the 32-bit header field at {@code index}. */
  public Pdu i32(int index, int value) {
    header.putInt(index, value);
    return this;
  }

  /** The 64-bit header field at {@code index} (the LUN at 8). */
  public long i64(int index) {
    return header.getLong(index);
  }

  /** Sets the 64-bit header field at {@code index}. */
  public Pdu i64(int index, long value) {
    header.putLong(index, value);
    return this;
  }

  /** TotalAHSLength in 4-byte words (§11.2.1.4). */
  public int totalAhsWords() {
    return u8(4);
  }

  /** DataSegmentLength in bytes, without padding (§11.2.1.5). */
  public int dataSegmentLength() {
    return (u8(5) << 16) | (u8(6) << 8) | u8(7);
  }

  /** The LUN field (bytes 8-15). */
  public long lun() {
    return i64(8);
  }

  /** The Initiator Task Tag (bytes 16-19). */
  public int itt() {
    return i32(16);
  }

  /** The header buffer, positioned at 0 with limit 48; callers must not keep it. */
  public ByteBuffer header() {
    return header.duplicate().clear();
  }

  /** The Additional Header Segments, empty when there are none. */
  public ByteBuffer ahs() {
    return ahs.duplicate();
  }

  /** Sets the AHS (a whole number of 4-byte words) and TotalAHSLength. */
  public Pdu ahs(ByteBuffer value) {
    if (value.remaining() % 4 != 0 || value.remaining() > 255 * 4) {
      throw new IllegalArgumentException("AHS must be whole words, at most 1020 bytes");
    }
    this.ahs = value;
    return u8(4, value.remaining() / 4);
  }

  /** The data segment, without padding or digest. */
  public ByteBuffer data() {
    return data.duplicate();
  }

  /** Sets the data segment and DataSegmentLength. */
  public Pdu data(ByteBuffer value) {
    int n = value.remaining();
    if (n >= 1 << 24) {
      throw new IllegalArgumentException("data segment of " + n + " bytes exceeds 2^24-1");
    }
    this.data = value;
    header.put(5, (byte) (n >>> 16)).put(6, (byte) (n >>> 8)).put(7, (byte) n);
    return this;
  }

  @Override
  public String toString() {
    return "Pdu[opcode=0x%02x, itt=0x%08x, data=%d]"
        .formatted(opcode(), itt(), dataSegmentLength());
  }
}
