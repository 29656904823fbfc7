package dev.kiln.smb.command;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The 3.1.1 preauth integrity hash chain ([MS-SMB2] 3.3.5.4, 3.3.5.5): SHA-512(prev || msg). */
final class PreauthHash {

  private PreauthHash() {}

  /** The initial all-zero value. */
  static byte[] initial() {
    return new byte[64];
  }

  /** The next value of the chain. */
  static byte[] next(byte[] previous, byte[] msg, int off, int len) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-512");
      d.update(previous);
      d.update(msg, off, len);
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is part of every JDK", e);
    }
  }
}
