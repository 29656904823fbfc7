package dev.kiln.smb.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked little-endian reads from one SMB2 message inside a received frame. Offsets are
 * relative to the start of the message's SMB2 header, as every offset field in [MS-SMB2] is; a read
 * outside the message is STATUS_INVALID_PARAMETER, never an index exception.
 */
public final class SmbReader {

  private final byte[] buf;
  private final int base;
  private final int length;

  /** A view of {@code buf[base, base+length)}. */
  public SmbReader(byte[] buf, int base, int length) {
    if (base < 0 || length < 0 || base + length > buf.length || base + length < 0) {
      throw new IllegalArgumentException("view outside the buffer");
    }
    this.buf = buf;
    this.base = base;
    this.length = length;
  }

  /** The message length. */
  public int length() {
    return length;
  }

  /** The underlying frame (for zero-copy writes of WRITE payloads). */
  public byte[] array() {
    return buf;
  }

  /** The offset of the message in {@link #array()}. */
  public int base() {
    return base;
  }

  private int at(int off, int n) throws StatusInvalidParameter {
    if (off < 0 || n < 0 || off > length - n) {
      throw new StatusInvalidParameter(
          "field at " + off + "+" + n + " outside the " + length + "-byte message");
    }
    return base + off;
  }

  /** Unsigned byte. */
  public int u8(int off) throws StatusInvalidParameter {
    return buf[at(off, 1)] & 0xff;
  }

  /** Unsigned 16-bit value. */
  public int u16(int off) throws StatusInvalidParameter {
    int p = at(off, 2);
    return (buf[p] & 0xff) | (buf[p + 1] & 0xff) << 8;
  }

  /** 32-bit value (callers mask when unsigned). */
  public int u32(int off) throws StatusInvalidParameter {
    int p = at(off, 4);
    return (buf[p] & 0xff)
        | (buf[p + 1] & 0xff) << 8
        | (buf[p + 2] & 0xff) << 16
        | (buf[p + 3] & 0xff) << 24;
  }

  /** 64-bit value. */
  public long u64(int off) throws StatusInvalidParameter {
    return (u32(off) & 0xffff_ffffL) | ((long) u32(off + 4)) << 32;
  }

  /** A copy of {@code n} bytes. */
  public byte[] bytes(int off, int n) throws StatusInvalidParameter {
    int p = at(off, n);
    byte[] b = new byte[n];
    System.arraycopy(buf, p, b, 0, n);
    return b;
  }

  /** A read-only view of {@code n} bytes, no copy. */
  public ByteBuffer slice(int off, int n) throws StatusInvalidParameter {
    return ByteBuffer.wrap(buf, at(off, n), n).slice().asReadOnlyBuffer();
  }

  /** A UTF-16LE string of {@code n} bytes ({@code n} must be even). */
  public String utf16(int off, int n) throws StatusInvalidParameter {
    if ((n & 1) != 0) {
      throw new StatusInvalidParameter("odd UTF-16 length " + n);
    }
    return new String(buf, at(off, n), n, StandardCharsets.UTF_16LE);
  }

  /** Requires the fixed part of a body: {@code structureSize} at offset 64 and room for it. */
  public void expectBody(int structureSize) throws StatusInvalidParameter {
    int declared = u16(Smb2Header.SIZE);
    if (declared != structureSize) {
      throw new StatusInvalidParameter(
          "StructureSize " + declared + " where " + structureSize + " is required");
    }
    // The fixed part is StructureSize rounded down to even (the odd bit marks a variable buffer).
    at(Smb2Header.SIZE, structureSize & ~1);
  }

  /**
   * Checks that an (offset, length) pair names bytes inside the message, after the fixed body;
   * length 0 is always accepted.
   */
  public void checkRange(int off, long len, int minOff) throws StatusInvalidParameter {
    if (len == 0) {
      return;
    }
    if (off < minOff || len < 0 || len > Integer.MAX_VALUE) {
      throw new StatusInvalidParameter("buffer offset " + off + " length " + len + " is invalid");
    }
    at(off, (int) len);
  }
}
