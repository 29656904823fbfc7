package dev.kiln.smb.auth;

/** The NT hash of a password (MD4 of its UTF-16LE encoding, [MS-NLMP] 3.3.1 NTOWFv1). */
public final class NtHash {

  private NtHash() {}

  /** The 16-byte NT hash of {@code password}. */
  public static byte[] of(char[] password) {
    return NtlmCrypto.ntHash(password);
  }
}
