package dev.kiln.smb.crypto;

/** Encryption ciphers with their SMB2_ENCRYPTION_CAPABILITIES ids ([MS-SMB2] 2.2.3.1.2). */
public enum CipherSuite {
  /** AES-128-CCM (3.0, 3.0.2). */
  AES_128_CCM(1, 16),
  /** AES-128-GCM. */
  AES_128_GCM(2, 16),
  /** AES-256-CCM. */
  AES_256_CCM(3, 32),
  /** AES-256-GCM. */
  AES_256_GCM(4, 32);

  private final int id;
  private final int keyLength;

  CipherSuite(int id, int keyLength) {
    this.id = id;
    this.keyLength = keyLength;
  }

  /** The cipher id on the wire. */
  public int id() {
    return id;
  }

  /** The key length in bytes. */
  public int keyLength() {
    return keyLength;
  }
}
