package dev.kiln.iscsi.scsi;

/** Big-endian field access into a CDB or parameter list, zero beyond its end. */
public final class Cdb {

  private Cdb() {}

  /** Byte {@code i}, unsigned. */
  public static int u8(byte[] b, int i) {
    return i < b.length ? b[i] & 0xff : 0;
  }

  /** The 16-bit field at {@code i}. */
  public static int u16(byte[] b, int i) {
    return u8(b, i) << 8 | u8(b, i + 1);
  }

  /** The 24-bit field at {@code i}. */
  public static int u24(byte[] b, int i) {
    return u8(b, i) << 16 | u16(b, i + 1);
  }

  /** The 32-bit field at {@code i}, unsigned. */
  public static long u32(byte[] b, int i) {
    return ((long) u16(b, i) << 16) | u16(b, i + 2);
  }

  /** The 64-bit field at {@code i}. */
  public static long u64(byte[] b, int i) {
    return (u32(b, i) << 32) | u32(b, i + 4);
  }

  /** Writes a 16-bit field. */
  public static void put16(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 8);
    b[i + 1] = (byte) v;
  }

  /** Writes a 32-bit field. */
  public static void put32(byte[] b, int i, long v) {
    put16(b, i, (int) (v >>> 16));
    put16(b, i + 2, (int) v);
  }

  /** Writes a 64-bit field. */
  public static void put64(byte[] b, int i, long v) {
    put32(b, i, v >>> 32);
    put32(b, i + 4, v);
  }

  /** Writes {@code text} as space-padded ASCII in {@code length} bytes at {@code i}. */
  public static void ascii(byte[] b, int i, int length, String text) {
    for (int k = 0; k < length; k++) {
      b[i + k] = (byte) (k < text.length() ? text.charAt(k) : ' ');
    }
  }
}
