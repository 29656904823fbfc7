package dev.kiln.smb.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** SMB 2.0.2 and 2.1 signing: HMAC-SHA256 of the message, first 16 bytes ([MS-SMB2] 3.1.4.1). */
final class HmacSha256Signer extends HeaderSigner {

  private final SecretKeySpec key;

  HmacSha256Signer(byte[] key) {
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
  }

  @Override
  byte[] mac(byte[] zeroed, int off, int len) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(zeroed, off, len);
      return Arrays.copyOf(mac.doFinal(), 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
