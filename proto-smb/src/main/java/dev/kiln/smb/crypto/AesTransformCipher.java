package dev.kiln.smb.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SMB 3.x encryption ([MS-SMB2] 2.2.41, 3.1.4.3, 3.3.5.2.1.1): the TRANSFORM_HEADER, then the
 * message sealed with AES-CCM ({@link AesCcm}, 11-byte nonce, RFC 4309) or AES-GCM (12-byte nonce,
 * RFC 5084) and a 16-byte tag in the Signature field; the additional data is the header from the
 * Nonce on.
 *
 * <p>Nonces are a per-instance counter, so none repeats under one key (the key is per session and
 * so is this cipher); the leading bytes are random so that two sessions that share a key by mistake
 * still do not collide at once.
 */
public final class AesTransformCipher implements TransformCipher {

  /** The TRANSFORM_HEADER size. */
  public static final int HEADER = 52;

  private static final int SIGNATURE = 4;
  private static final int NONCE = 20;
  private static final int ORIGINAL_SIZE = 36;
  private static final int FLAGS = 42;
  private static final int SESSION_ID = 44;
  private static final int AAD_FROM = NONCE;

  private final CipherSuite suite;
  private final byte[] encryptionKey;
  private final byte[] decryptionKey;
  private final AtomicLong counter = new AtomicLong();
  private final byte[] salt = new byte[4];

  /**
   * A cipher for one session.
   *
   * @param suite the negotiated cipher (AES-128-CCM for 3.0 and 3.0.2)
   * @param encryptionKey the key for what this side sends
   * @param decryptionKey the key for what this side receives
   */
  public AesTransformCipher(CipherSuite suite, byte[] encryptionKey, byte[] decryptionKey) {
    if (encryptionKey.length != suite.keyLength() || decryptionKey.length != suite.keyLength()) {
      throw new IllegalArgumentException(suite + " needs " + suite.keyLength() + "-byte keys");
    }
    this.suite = suite;
    this.encryptionKey = encryptionKey.clone();
    this.decryptionKey = decryptionKey.clone();
    new java.security.SecureRandom().nextBytes(salt);
  }

  private boolean ccm() {
    return suite == CipherSuite.AES_128_CCM || suite == CipherSuite.AES_256_CCM;
  }

  private int nonceLength() {
    return ccm() ? 11 : 12;
  }

  /** The SessionId of a transformed message, to find its session before decrypting. */
  public static long sessionId(byte[] transformed, int off, int len) {
    if (off < 0 || len < HEADER || off > transformed.length - len) {
      throw new IllegalArgumentException("shorter than a TRANSFORM_HEADER");
    }
    long id = 0;
    for (int i = 7; i >= 0; i--) {
      id = id << 8 | (transformed[off + SESSION_ID + i] & 0xff);
    }
    return id;
  }

  @Override
  public byte[] encrypt(long sessionId, byte[] message, int off, int len) {
    long n = counter.incrementAndGet();
    if (n == 0) {
      throw new IllegalStateException("nonce counter exhausted; the session must end");
    }
    byte[] out = new byte[HEADER + len];
    out[0] = (byte) 0xFD;
    out[1] = 'S';
    out[2] = 'M';
    out[3] = 'B';
    for (int i = 0; i < 8; i++) {
      out[NONCE + i] = (byte) (n >>> (8 * i));
    }
    System.arraycopy(salt, 0, out, NONCE + 8, nonceLength() - 8);
    put32(out, ORIGINAL_SIZE, len);
    out[FLAGS] = 1; // Encrypted (3.1.1) / AES-128-CCM (3.0, 3.0.2): both 0x0001
    for (int i = 0; i < 8; i++) {
      out[SESSION_ID + i] = (byte) (sessionId >>> (8 * i));
    }
    byte[] nonce = Arrays.copyOfRange(out, NONCE, NONCE + nonceLength());
    byte[] aad = Arrays.copyOfRange(out, AAD_FROM, HEADER);
    byte[] sealed;
    try {
      sealed = seal(true, encryptionKey, nonce, aad, message, off, len);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encryption failed: " + e.getMessage(), e);
    }
    // sealed = ciphertext || tag
    System.arraycopy(sealed, 0, out, HEADER, len);
    System.arraycopy(sealed, len, out, SIGNATURE, 16);
    return out;
  }

  @Override
  public byte[] decrypt(byte[] transformed, int off, int len) throws GeneralSecurityException {
    if (off < 0 || len < HEADER || off > transformed.length - len) {
      throw new GeneralSecurityException("shorter than a TRANSFORM_HEADER");
    }
    if ((transformed[off] & 0xff) != 0xFD
        || transformed[off + 1] != 'S'
        || transformed[off + 2] != 'M'
        || transformed[off + 3] != 'B') {
      throw new GeneralSecurityException("not a TRANSFORM_HEADER");
    }
    int size = get32(transformed, off + ORIGINAL_SIZE);
    if (size != len - HEADER || size == 0) {
      throw new GeneralSecurityException(
          "OriginalMessageSize " + size + " does not match the " + (len - HEADER) + " bytes sent");
    }
    if ((transformed[off + FLAGS] & 0xff) != 1 || transformed[off + FLAGS + 1] != 0) {
      throw new GeneralSecurityException("unknown transform flags");
    }
    byte[] nonce = Arrays.copyOfRange(transformed, off + NONCE, off + NONCE + nonceLength());
    byte[] aad = Arrays.copyOfRange(transformed, off + AAD_FROM, off + HEADER);
    byte[] input = new byte[size + 16];
    System.arraycopy(transformed, off + HEADER, input, 0, size);
    System.arraycopy(transformed, off + SIGNATURE, input, size, 16);
    return seal(false, decryptionKey, nonce, aad, input, 0, input.length);
  }

  private byte[] seal(
      boolean encrypt, byte[] key, byte[] nonce, byte[] aad, byte[] data, int off, int len)
      throws GeneralSecurityException {
    if (ccm()) {
      return encrypt
          ? AesCcm.seal(key, nonce, aad, data, off, len)
          : AesCcm.open(key, nonce, aad, data, off, len);
    }
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(
          encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(128, nonce));
      gcm.updateAAD(aad);
      return gcm.doFinal(data, off, len);
    } catch (java.security.NoSuchAlgorithmException | javax.crypto.NoSuchPaddingException e) {
      throw new IllegalStateException("AES/GCM is missing from this JDK", e);
    }
  }

  private static void put32(byte[] b, int at, int v) {
    for (int i = 0; i < 4; i++) {
      b[at + i] = (byte) (v >>> (8 * i));
    }
  }

  private static int get32(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | b[at + 3] << 24;
  }
}
