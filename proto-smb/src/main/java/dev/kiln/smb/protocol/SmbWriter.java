package dev.kiln.smb.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable little-endian byte array for building responses and information buffers. */
public final class SmbWriter {

  private byte[] buf;
  private int pos;

  /** An empty writer with room for {@code capacity} bytes. */
  public SmbWriter(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  private void ensure(int n) {
    if (pos + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
    }
  }

  /** The bytes written so far. */
  public int position() {
    return pos;
  }

  /** Moves the write position (within or just past what was written), zero-filling any gap. */
  public SmbWriter position(int p) {
    if (p > pos) {
      zeros(p - pos);
    } else {
      pos = p;
    }
    return this;
  }

  /** One byte. */
  public SmbWriter u8(int v) {
    ensure(1);
    buf[pos++] = (byte) v;
    return this;
  }

  /** 16-bit value. */
  public SmbWriter u16(int v) {
    ensure(2);
    buf[pos++] = (byte) v;
    buf[pos++] = (byte) (v >>> 8);
    return this;
  }

  /** 32-bit value. */
  public SmbWriter u32(int v) {
    ensure(4);
    buf[pos++] = (byte) v;
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 24);
    return this;
  }

  /** 64-bit value. */
  public SmbWriter u64(long v) {
    u32((int) v);
    return u32((int) (v >>> 32));
  }

  /** Raw bytes. */
  public SmbWriter bytes(byte[] b) {
    return bytes(b, 0, b.length);
  }

  /** Raw bytes from a range. */
  public SmbWriter bytes(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, pos, len);
    pos += len;
    return this;
  }

  /** {@code n} zero bytes. */
  public SmbWriter zeros(int n) {
    ensure(n);
    Arrays.fill(buf, pos, pos + n, (byte) 0);
    pos += n;
    return this;
  }

  /** A string as UTF-16LE without terminator; returns its byte length. */
  public int utf16(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_16LE);
    bytes(b);
    return b.length;
  }

  /** Pads with zeros to a multiple of {@code n}. */
  public SmbWriter align(int n) {
    int r = pos % n;
    return r == 0 ? this : zeros(n - r);
  }

  /** Overwrites a 16-bit value at {@code at}. */
  public void set16(int at, int v) {
    buf[at] = (byte) v;
    buf[at + 1] = (byte) (v >>> 8);
  }

  /** Overwrites a 32-bit value at {@code at}. */
  public void set32(int at, int v) {
    set16(at, v);
    set16(at + 2, v >>> 16);
  }

  /** Overwrites a 64-bit value at {@code at}. */
  public void set64(int at, long v) {
    set32(at, (int) v);
    set32(at + 4, (int) (v >>> 32));
  }

  /** Makes room for {@code n} more bytes and returns the array for a direct fill at position. */
  public byte[] reserve(int n) {
    ensure(n);
    return buf;
  }

  /** Advances past bytes filled directly through {@link #reserve(int)}. */
  public void skip(int n) {
    pos += n;
  }

  /** The internal array (valid up to {@link #position()}). */
  public byte[] array() {
    return buf;
  }

  /** A copy of what was written. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }
}
