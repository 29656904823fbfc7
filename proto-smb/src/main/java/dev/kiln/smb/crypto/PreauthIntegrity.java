package dev.kiln.smb.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * The SMB 3.1.1 preauthentication integrity hash ([MS-SMB2] 3.3.5.4, 3.3.5.5): SHA-512 chained over
 * NEGOTIATE and SESSION_SETUP messages, H(n) = SHA-512(H(n-1) || message), starting from 64 zero
 * bytes. Immutable: the connection's value is copied into each session and both go on.
 */
public final class PreauthIntegrity {

  private final byte[] value;

  private PreauthIntegrity(byte[] value) {
    this.value = value;
  }

  /** The initial all-zero value. */
  public static PreauthIntegrity initial() {
    return new PreauthIntegrity(new byte[64]);
  }

  /** The value after hashing {@code message[off, off+len)}. */
  public PreauthIntegrity next(byte[] message, int off, int len) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-512");
      sha.update(value);
      sha.update(message, off, len);
      return new PreauthIntegrity(sha.digest());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-512 is missing from this JDK", e);
    }
  }

  /** The 64-byte hash value. */
  public byte[] value() {
    return value.clone();
  }
}
