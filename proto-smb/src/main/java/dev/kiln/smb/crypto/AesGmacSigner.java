package dev.kiln.smb.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SMB 3.1.1 signing with AES-128-GMAC (RFC 4543): AES-GCM over no plaintext with the message as
 * additional data. The 12-byte nonce is the MessageId followed by a word whose bit 0 says the
 * sender is the server and bit 1 that the message is a CANCEL ([MS-SMB2] 3.1.4.1); both come from
 * the header, so one signer serves both directions.
 */
final class AesGmacSigner extends HeaderSigner {

  private final SecretKeySpec key;

  AesGmacSigner(byte[] key) {
    if (key.length != 16) {
      throw new IllegalArgumentException("AES-128-GMAC needs a 16-byte key");
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
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
      // GMAC is GCM's tag over empty plaintext. A fresh Cipher per call: the JDK refuses to
      // re-initialise one instance with the same key and nonce, which verify-then-sign may do.
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      gcm.updateAAD(message, off, len);
      return gcm.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM is missing from this JDK", e);
    }
  }
}
