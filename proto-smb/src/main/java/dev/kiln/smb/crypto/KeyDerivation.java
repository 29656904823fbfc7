package dev.kiln.smb.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SP800-108 key derivation in counter mode with HMAC-SHA256, r = 32, as [MS-SMB2] 3.1.4.2 uses it:
 * K(i) = HMAC(Ki, i || Label || 0x00 || Context || L), all integers big-endian.
 */
public final class KeyDerivation {

  private KeyDerivation() {}

  /** {@code bits / 8} bytes of key derived from {@code key} (bits is 128 or 256). */
  public static byte[] derive(byte[] key, byte[] label, byte[] context, int bits) {
    if (bits != 128 && bits != 256) {
      throw new IllegalArgumentException("SMB keys are 128 or 256 bits, not " + bits);
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(new byte[] {0, 0, 0, 1});
      mac.update(label);
      mac.update((byte) 0);
      mac.update(context);
      mac.update(new byte[] {0, 0, (byte) (bits >>> 8), (byte) bits});
      // One HMAC-SHA256 block (256 bits) covers both key lengths.
      return Arrays.copyOf(mac.doFinal(), bits / 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  /** The ASCII bytes of a label or context, with the terminating NUL the specification counts. */
  static byte[] cstring(String text) {
    byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
    return Arrays.copyOf(ascii, ascii.length + 1);
  }
}
