package dev.kiln.mgmt.auth;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.MD4Digest;

/**
 * The NT hash of a password: MD4 of its UTF-16LE encoding ([MS-NLMP] 3.3.1 NTOWFv1), stored as
 * lower-case hex. SMB's NTLMv2 cannot work from the PBKDF2 hash, so Kiln keeps this one too, the
 * way Samba keeps smbpasswd; it is password-equivalent for NTLM and never leaves the store.
 */
public final class NtHash {

  private NtHash() {}

  /** The hex NT hash of {@code password}. */
  public static String of(char[] password) {
    byte[] utf16 = new String(password).getBytes(StandardCharsets.UTF_16LE);
    MD4Digest md4 = new MD4Digest();
    md4.update(utf16, 0, utf16.length);
    byte[] out = new byte[16];
    md4.doFinal(out, 0);
    return HexFormat.of().formatHex(out);
  }

  /** Whether {@code text} is a stored NT hash (32 hex digits). */
  public static boolean isValid(String text) {
    return text != null && text.matches("[0-9a-f]{32}");
  }
}
