package dev.kiln.smb.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.MD4Digest;
import org.bouncycastle.crypto.engines.RC4Engine;
import org.bouncycastle.crypto.params.KeyParameter;

/** The NTLM one-way functions and key derivations ([MS-NLMP] 3.3.2, 3.4.4.2, 3.4.5, 6). */
final class NtlmCrypto {

  private NtlmCrypto() {}

  /** NTOWFv1: MD4 of the UTF-16LE password, the NT hash. */
  static byte[] ntHash(char[] password) {
    byte[] utf16 = new String(password).getBytes(StandardCharsets.UTF_16LE);
    MD4Digest md4 = new MD4Digest();
    md4.update(utf16, 0, utf16.length);
    byte[] out = new byte[16];
    md4.doFinal(out, 0);
    return out;
  }

  /** NTOWFv2: HMAC-MD5 keyed with the NT hash over UNICODE(UPPER(user) + domain) (3.3.2). */
  static byte[] ntowfv2(byte[] ntHash, String user, String domain) {
    return hmacMd5(
        ntHash, (user.toUpperCase(Locale.ROOT) + domain).getBytes(StandardCharsets.UTF_16LE));
  }

  /** HMAC-MD5 over the concatenation of {@code parts}. */
  static byte[] hmacMd5(byte[] key, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacMD5");
      mac.init(new SecretKeySpec(key, "HmacMD5"));
      for (byte[] p : parts) {
        mac.update(p);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacMD5 is missing from this JDK", e);
    }
  }

  /** MD5 over the concatenation of {@code parts}. */
  static byte[] md5(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("MD5");
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("MD5 is missing from this JDK", e);
    }
  }

  /** A fresh RC4 stream keyed with {@code key}. */
  static RC4Engine rc4(byte[] key) {
    RC4Engine rc4 = new RC4Engine();
    rc4.init(true, new KeyParameter(key));
    return rc4;
  }

  /** RC4 of {@code data} with a fresh stream. */
  static byte[] rc4(byte[] key, byte[] data) {
    byte[] out = new byte[data.length];
    rc4(key).processBytes(data, 0, data.length, out, 0);
    return out;
  }

  /** SIGNKEY with extended session security (3.4.5.2). */
  static byte[] signKey(byte[] exportedSessionKey, boolean clientToServer) {
    return md5(
        exportedSessionKey,
        magic(
            clientToServer
                ? "session key to client-to-server signing key magic constant"
                : "session key to server-to-client signing key magic constant"));
  }

  /** SEALKEY with extended session security, shortened per the 128/56 flags (3.4.5.3). */
  static byte[] sealKey(byte[] exportedSessionKey, int flags, boolean clientToServer) {
    int len =
        (flags & NtlmFlags.NEGOTIATE_128) != 0 ? 16 : (flags & NtlmFlags.NEGOTIATE_56) != 0 ? 7 : 5;
    byte[] base = java.util.Arrays.copyOf(exportedSessionKey, len);
    return md5(
        base,
        magic(
            clientToServer
                ? "session key to client-to-server sealing key magic constant"
                : "session key to server-to-client sealing key magic constant"));
  }

  /**
   * The NTLMSSP_MESSAGE_SIGNATURE of {@code message} with extended session security (3.4.4.2):
   * version 1, the first 8 bytes of HMAC-MD5(SignKey, SeqNum || message), RC4-sealed when keys were
   * exchanged, and the sequence number.
   */
  static byte[] mac(byte[] signKey, RC4Engine sealHandle, int seqNum, byte[] message) {
    byte[] seq = Bytes.le32(seqNum);
    byte[] checksum = java.util.Arrays.copyOf(hmacMd5(signKey, seq, message), 8);
    if (sealHandle != null) {
      byte[] sealed = new byte[8];
      sealHandle.processBytes(checksum, 0, 8, sealed, 0);
      checksum = sealed;
    }
    byte[] out = new byte[16];
    out[0] = 1;
    System.arraycopy(checksum, 0, out, 4, 8);
    System.arraycopy(seq, 0, out, 12, 4);
    return out;
  }

  private static byte[] magic(String text) {
    byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
    return java.util.Arrays.copyOf(ascii, ascii.length + 1);
  }
}
