package dev.kiln.smb.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SMB 3.1.1 signing with AES-128-GMAC (RFC 4543): the GCM tag of no plaintext with the message as
 * additional data. The 12-byte nonce is the MessageId followed by a word whose bit 0 says the
 * sender is the server and bit 1 that the message is a CANCEL ([MS-SMB2] 3.1.4.1); both come from
 * the header, so one signer serves both directions.
 *
 * <p>Speed: the JDK hashes GCM additional data in plain Java but ciphertext with the processor's
 * carry-less multiply. GHASH over the message as ciphertext differs from GHASH over it as
 * additional data only in the final length block ([SP 800-38D] 6.4), so the tag is taken from a GCM
 * encryption whose ciphertext is the message (plaintext = message XOR the CTR keystream, one
 * AES/CTR pass) and corrected by (L1 XOR L2) * H, one GF(2^128) product.
 */
final class AesGmacSigner extends HeaderSigner {

  private static final int CHUNK = 64 << 10;

  private final SecretKeySpec key;
  private final long hashHi;
  private final long hashLo;

  AesGmacSigner(byte[] key) {
    if (key.length != 16) {
      throw new IllegalArgumentException("AES-128-GMAC needs a 16-byte key");
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
    try {
      Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
      ecb.init(Cipher.ENCRYPT_MODE, this.key);
      byte[] h = ecb.doFinal(new byte[16]); // the hash subkey H = E(K, 0^128)
      hashHi = be64(h, 0);
      hashLo = be64(h, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES is missing from this JDK", e);
    }
  }

  @Override
  byte[] mac(byte[] message, int off, int len) {
    byte[] nonce = new byte[12];
    System.arraycopy(message, off + Smb2Header.MESSAGE_ID, nonce, 0, 8);
    int flags = Smb2Header.i32(message, off + Smb2Header.FLAGS);
    int command = Smb2Header.u16(message, off + Smb2Header.COMMAND);
    int role = (flags & Smb2Header.FLAGS_SERVER_TO_REDIR) != 0 ? 1 : 0;
    int cancel = command == Smb2Header.CANCEL && role == 0 ? 2 : 0;
    nonce[8] = (byte) (role | cancel);
    try {
      // The keystream GCM would XOR onto the plaintext starts at inc32(J0) = nonce || 2.
      byte[] counter = new byte[16];
      System.arraycopy(nonce, 0, counter, 0, 12);
      counter[15] = 2;
      Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
      ctr.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(counter));
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      byte[] plain = new byte[Math.min(CHUNK, Math.max(len, 1))];
      byte[] sink = new byte[plain.length + 16];
      for (int done = 0; done < len; ) {
        int n = Math.min(plain.length, len - done);
        int p = ctr.update(message, off + done, n, plain, 0);
        gcm.update(plain, 0, p, sink, 0);
        done += n;
      }
      byte[] rest = ctr.doFinal();
      byte[] fin = gcm.doFinal(rest);
      long tagHi = be64(fin, fin.length - 16);
      long tagLo = be64(fin, fin.length - 8);
      // L1 = [bits(A)]64 || 0^64 (as additional data), L2 = 0^64 || [bits(A)]64 (as ciphertext).
      long bits = (long) len * 8;
      long[] fix = multiply(bits, bits, hashHi, hashLo);
      byte[] out = new byte[16];
      put64(out, 0, tagHi ^ fix[0]);
      put64(out, 8, tagLo ^ fix[1]);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM is missing from this JDK", e);
    }
  }

  /** X * Y in GF(2^128) with GCM's bit order ([SP 800-38D] 6.3, Algorithm 1). */
  static long[] multiply(long xHi, long xLo, long yHi, long yLo) {
    long zHi = 0;
    long zLo = 0;
    long vHi = yHi;
    long vLo = yLo;
    for (int i = 0; i < 128; i++) {
      long bit = i < 64 ? (xHi >>> (63 - i)) & 1 : (xLo >>> (127 - i)) & 1;
      if (bit != 0) {
        zHi ^= vHi;
        zLo ^= vLo;
      }
      boolean carry = (vLo & 1) != 0;
      vLo = (vLo >>> 1) | (vHi << 63);
      vHi >>>= 1;
      if (carry) {
        vHi ^= 0xE100000000000000L;
      }
    }
    return new long[] {zHi, zLo};
  }

  private static long be64(byte[] b, int at) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (b[at + i] & 0xff);
    }
    return v;
  }

  private static void put64(byte[] b, int at, long v) {
    for (int i = 7; i >= 0; i--) {
      b[at + i] = (byte) v;
      v >>>= 8;
    }
  }
}
