package dev.kiln.smb.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SMB 3.x signing with AES-128-CMAC (RFC 4493; [MS-SMB2] 3.1.4.1), computed as a CBC-MAC with the
 * JDK's AES/CBC (hardware AES) and the RFC's K1/K2 subkeys on the last block: several times faster
 * than a pure-Java CMAC on 8 MiB writes.
 */
final class AesCmacSigner extends HeaderSigner {

  private static final byte[] ZERO_IV = new byte[16];
  private static final int CHUNK = 64 << 10;

  private final SecretKeySpec key;
  private final byte[] k1;
  private final byte[] k2;

  AesCmacSigner(byte[] key) {
    if (key.length != 16) {
      throw new IllegalArgumentException("AES-128-CMAC needs a 16-byte key");
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
    try {
      Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
      ecb.init(Cipher.ENCRYPT_MODE, this.key);
      // RFC 4493 2.3: L = AES(K, 0^128), K1 = dbl(L), K2 = dbl(K1).
      k1 = dbl(ecb.doFinal(new byte[16]));
      k2 = dbl(k1);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES is missing from this JDK", e);
    }
  }

  private static byte[] dbl(byte[] x) {
    byte[] out = new byte[16];
    for (int i = 0; i < 16; i++) {
      out[i] = (byte) (x[i] << 1 | (i < 15 ? (x[i + 1] & 0xff) >>> 7 : 0));
    }
    if ((x[0] & 0x80) != 0) {
      out[15] ^= (byte) 0x87;
    }
    return out;
  }

  @Override
  byte[] mac(byte[] message, int off, int len) {
    try {
      Cipher cbc = Cipher.getInstance("AES/CBC/NoPadding");
      cbc.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(ZERO_IV));
      int blocks = len == 0 ? 1 : (len + 15) / 16;
      int prefix = (blocks - 1) * 16;
      byte[] scratch = new byte[Math.min(CHUNK, Math.max(16, prefix))];
      for (int fed = 0; fed < prefix; ) {
        int n = Math.min(scratch.length, prefix - fed);
        cbc.update(message, off + fed, n, scratch, 0);
        fed += n;
      }
      // RFC 4493 2.4: a complete last block is XORed with K1, a padded one (10*) with K2.
      byte[] last = new byte[16];
      int rest = len - prefix;
      System.arraycopy(message, off + prefix, last, 0, rest);
      boolean complete = len > 0 && rest == 16;
      if (!complete) {
        last[rest] = (byte) 0x80;
      }
      byte[] sub = complete ? k1 : k2;
      for (int i = 0; i < 16; i++) {
        last[i] ^= sub[i];
      }
      return cbc.doFinal(last);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CBC is missing from this JDK", e);
    }
  }
}
