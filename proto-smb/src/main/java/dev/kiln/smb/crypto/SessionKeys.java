package dev.kiln.smb.crypto;

import java.util.Arrays;

/**
 * A session's keys from the server's point of view ([MS-SMB2] 3.3.5.5.3, 3.1.4.2).
 *
 * @param signingKey signs and verifies (2.x: the session key itself)
 * @param encryptionKey encrypts what the server sends (ServerOut / SMBS2CCipherKey); empty for 2.x
 * @param decryptionKey decrypts what the client sends (ServerIn / SMBC2SCipherKey); empty for 2.x
 * @param applicationKey the key for upper layers (SmbRpc / SMBAppKey); for 2.x the session key
 */
public record SessionKeys(
    byte[] signingKey, byte[] encryptionKey, byte[] decryptionKey, byte[] applicationKey) {

  /** Copies the arrays. */
  public SessionKeys {
    signingKey = signingKey.clone();
    encryptionKey = encryptionKey.clone();
    decryptionKey = decryptionKey.clone();
    applicationKey = applicationKey.clone();
  }

  /**
   * Derives the keys of a session.
   *
   * @param dialect the connection's dialect
   * @param sessionKey the authentication's session key (NTLM's ExportedSessionKey, 16 bytes)
   * @param preauthHash the session's preauthentication integrity hash (3.1.1 only; else ignored)
   * @param cipher the connection's cipher, which decides 128- or 256-bit encryption keys; may be
   *     null when none was negotiated (AES-128-CCM is then assumed for 3.0 and 3.0.2)
   */
  public static SessionKeys derive(
      SmbDialect dialect, byte[] sessionKey, byte[] preauthHash, CipherSuite cipher) {
    // "the first 16 bytes of the cryptographic key ... right-padded with zeros" (3.3.5.5.3).
    byte[] key16 = Arrays.copyOf(sessionKey, 16);
    if (!dialect.isSmb3()) {
      return new SessionKeys(key16, new byte[0], new byte[0], key16);
    }
    CipherSuite c = cipher == null ? CipherSuite.AES_128_CCM : cipher;
    int encBits = c.keyLength() * 8;
    // AES-256 uses the full session key (Session.FullSessionKey); NTLM's is 16 bytes anyway.
    byte[] encBase = encBits == 256 ? sessionKey.clone() : key16;
    if (dialect == SmbDialect.SMB_3_1_1) {
      if (preauthHash == null || preauthHash.length != 64) {
        throw new IllegalArgumentException("3.1.1 keys need the 64-byte preauthentication hash");
      }
      return new SessionKeys(
          KeyDerivation.derive(key16, KeyDerivation.cstring("SMBSigningKey"), preauthHash, 128),
          KeyDerivation.derive(
              encBase, KeyDerivation.cstring("SMBS2CCipherKey"), preauthHash, encBits),
          KeyDerivation.derive(
              encBase, KeyDerivation.cstring("SMBC2SCipherKey"), preauthHash, encBits),
          KeyDerivation.derive(key16, KeyDerivation.cstring("SMBAppKey"), preauthHash, 128));
    }
    return new SessionKeys(
        KeyDerivation.derive(
            key16, KeyDerivation.cstring("SMB2AESCMAC"), KeyDerivation.cstring("SmbSign"), 128),
        KeyDerivation.derive(
            key16, KeyDerivation.cstring("SMB2AESCCM"), KeyDerivation.cstring("ServerOut"), 128),
        KeyDerivation.derive(
            key16, KeyDerivation.cstring("SMB2AESCCM"), KeyDerivation.cstring("ServerIn "), 128),
        KeyDerivation.derive(
            key16, KeyDerivation.cstring("SMB2APP"), KeyDerivation.cstring("SmbRpc"), 128));
  }

  /** The signer for this session's messages. */
  public MessageSigner signer(SigningAlgorithm algorithm) {
    return switch (algorithm) {
      case HMAC_SHA256 -> new HmacSha256Signer(signingKey);
      case AES_128_CMAC -> new AesCmacSigner(signingKey);
      case AES_128_GMAC -> new AesGmacSigner(signingKey);
    };
  }

  /** The transform cipher for this session (3.x only). */
  public TransformCipher cipher(CipherSuite suite) {
    if (encryptionKey.length == 0) {
      throw new IllegalStateException("SMB 2.x sessions have no encryption keys");
    }
    return new AesTransformCipher(suite, encryptionKey, decryptionKey);
  }
}
