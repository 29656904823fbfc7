package dev.kiln.smb.crypto;

/** The SMB2 header fields signing needs ([MS-SMB2] 2.2.1). */
final class Smb2Header {

  static final int SIZE = 64;
  static final int COMMAND = 12;
  static final int FLAGS = 16;
  static final int MESSAGE_ID = 24;
  static final int SIGNATURE = 48;
  static final int FLAGS_SERVER_TO_REDIR = 0x1;
  static final int FLAGS_SIGNED = 0x8;
  static final int CANCEL = 0x0C;

  private Smb2Header() {}

  static int u16(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  static int i32(byte[] b, int at) {
    return u16(b, at) | u16(b, at + 2) << 16;
  }

  static void check(byte[] message, int off, int len) {
    if (off < 0 || len < SIZE || off > message.length - len) {
      throw new IllegalArgumentException("not a whole SMB2 message: " + len + " bytes");
    }
  }
}
