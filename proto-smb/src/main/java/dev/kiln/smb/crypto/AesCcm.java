package dev.kiln.smb.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CCM (NIST SP 800-38C, RFC 3610) with an 11-byte nonce, a 4-byte length field and a 16-byte
 * tag, as SMB 3 uses it (RFC 4309 parameters), built from the JDK's AES/CBC (the CBC-MAC) and
 * AES/CTR (the encryption), which use the processor's AES instructions; the JDK has no CCM mode.
 */
final class AesCcm {

  private static final int NONCE = 11;
  private static final int CHUNK = 64 << 10;
  private static final byte[] ZERO_IV = new byte[16];

  private AesCcm() {}

  /** Ciphertext followed by the tag. */
  static byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] data, int off, int len)
      throws GeneralSecurityException {
    SecretKeySpec k = new SecretKeySpec(key, "AES");
    byte[] tag = cbcMac(k, nonce, aad, data, off, len);
    byte[] out = new byte[len + 16];
    ctr(k, nonce, 1).doFinal(data, off, len, out, 0);
    byte[] s0 = ctr(k, nonce, 0).doFinal(new byte[16]);
    for (int i = 0; i < 16; i++) {
      out[len + i] = (byte) (tag[i] ^ s0[i]);
    }
    return out;
  }

  /** The plaintext of ciphertext-and-tag, or AEADBadTagException. */
  static byte[] open(byte[] key, byte[] nonce, byte[] aad, byte[] sealed, int off, int len)
      throws GeneralSecurityException {
    if (len < 16) {
      throw new AEADBadTagException("shorter than a CCM tag");
    }
    SecretKeySpec k = new SecretKeySpec(key, "AES");
    int n = len - 16;
    byte[] plain = ctr(k, nonce, 1).doFinal(sealed, off, n);
    byte[] s0 = ctr(k, nonce, 0).doFinal(new byte[16]);
    byte[] tag = cbcMac(k, nonce, aad, plain, 0, n);
    for (int i = 0; i < 16; i++) {
      tag[i] ^= s0[i];
    }
    if (!MessageDigest.isEqual(tag, Arrays.copyOfRange(sealed, off + n, off + len))) {
      throw new AEADBadTagException("CCM tag mismatch");
    }
    return plain;
  }

  /** CTR over counter blocks A_i = flags(L-1) || nonce || i ([SP 800-38C] A.3). */
  private static Cipher ctr(SecretKeySpec key, byte[] nonce, int counter)
      throws GeneralSecurityException {
    byte[] a = new byte[16];
    a[0] = 3; // L - 1 with a 4-byte length field
    System.arraycopy(nonce, 0, a, 1, NONCE);
    a[15] = (byte) counter;
    Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(a));
    return c;
  }

  /** The CBC-MAC of B0 || encoded AAD || padded payload ([SP 800-38C] A.2). */
  private static byte[] cbcMac(
      SecretKeySpec key, byte[] nonce, byte[] aad, byte[] data, int off, int len)
      throws GeneralSecurityException {
    if (aad.length == 0 || aad.length >= 0xff00) {
      throw new IllegalArgumentException("SMB's additional data is the 32-byte transform header");
    }
    Cipher cbc = Cipher.getInstance("AES/CBC/NoPadding");
    cbc.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(ZERO_IV));
    byte[] head = new byte[16 + ((2 + aad.length + 15) / 16) * 16];
    // Flags: Adata, M' = (16 - 2) / 2, L' = 4 - 1.
    head[0] = (byte) (0x40 | (7 << 3) | 3);
    System.arraycopy(nonce, 0, head, 1, NONCE);
    head[12] = (byte) (len >>> 24);
    head[13] = (byte) (len >>> 16);
    head[14] = (byte) (len >>> 8);
    head[15] = (byte) len;
    head[16] = (byte) (aad.length >>> 8);
    head[17] = (byte) aad.length;
    System.arraycopy(aad, 0, head, 18, aad.length);
    byte[] scratch = new byte[Math.max(head.length, CHUNK)];
    byte[] mac = new byte[16];
    int n = cbc.update(head, 0, head.length, scratch, 0);
    System.arraycopy(scratch, n - 16, mac, 0, 16);
    int whole = len - len % 16;
    for (int fed = 0; fed < whole; ) {
      int c = Math.min(CHUNK, whole - fed);
      n = cbc.update(data, off + fed, c, scratch, 0);
      System.arraycopy(scratch, n - 16, mac, 0, 16);
      fed += c;
    }
    if (len % 16 != 0) {
      byte[] last = new byte[16];
      System.arraycopy(data, off + whole, last, 0, len % 16);
      return cbc.doFinal(last);
    }
    return mac;
  }
}
