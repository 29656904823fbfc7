package dev.kiln.smb.crypto;

/**
 * Encrypts and decrypts whole messages behind the SMB2 TRANSFORM_HEADER ([MS-SMB2] 2.2.41,
 * 3.1.4.3). Implementations are thread-safe.
 */
public interface TransformCipher {

  /** The transform header followed by the encrypted {@code message[off, off+len)}. */
  byte[] encrypt(long sessionId, byte[] message, int off, int len);

  /**
   * The plaintext of a transformed message (starting with the 0xFD 'S' 'M' 'B' protocol id).
   *
   * @throws java.security.GeneralSecurityException when the header is malformed or the tag wrong
   */
  byte[] decrypt(byte[] transformed, int off, int len)
      throws java.security.GeneralSecurityException;
}
