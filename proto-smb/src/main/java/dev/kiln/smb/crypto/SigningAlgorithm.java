package dev.kiln.smb.crypto;

/** Signing algorithms with their SMB2_SIGNING_CAPABILITIES ids ([MS-SMB2] 2.2.3.1.7). */
public enum SigningAlgorithm {
  /** HMAC-SHA256 truncated to 16 bytes (2.0.2 and 2.1). */
  HMAC_SHA256(0),
  /** AES-128-CMAC (3.0 and later by default). */
  AES_128_CMAC(1),
  /** AES-128-GMAC (3.1.1 when negotiated). */
  AES_128_GMAC(2);

  private final int id;

  SigningAlgorithm(int id) {
    this.id = id;
  }

  /** The algorithm id on the wire. */
  public int id() {
    return id;
  }
}
