package dev.kiln.smb.auth;

/** Little-endian reads and writes with bounds checks that end in a logon failure. */
final class Bytes {

  private Bytes() {}

  static byte[] le32(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
  }

  static int u16(byte[] b, int at) throws LogonFailedException {
    need(b, at, 2);
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  static int i32(byte[] b, int at) throws LogonFailedException {
    need(b, at, 4);
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | b[at + 3] << 24;
  }

  static void put16(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
  }

  static void put32(byte[] b, int at, int v) {
    put16(b, at, v);
    put16(b, at + 2, v >>> 16);
  }

  static void put64(byte[] b, int at, long v) {
    put32(b, at, (int) v);
    put32(b, at + 4, (int) (v >>> 32));
  }

  static byte[] slice(byte[] b, int at, int len) throws LogonFailedException {
    need(b, at, len);
    return java.util.Arrays.copyOfRange(b, at, at + len);
  }

  static void need(byte[] b, int at, int len) throws LogonFailedException {
    if (at < 0 || len < 0 || at > b.length - len) {
      throw LogonFailedException.malformed(
          "malformed token: field outside the message", new byte[0]);
    }
  }
}
