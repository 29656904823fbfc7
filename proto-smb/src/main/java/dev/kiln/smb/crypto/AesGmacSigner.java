package dev.kiln.smb.crypto;

import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.GMac;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * SMB 3.1.1 signing with AES-128-GMAC (RFC 4543): AES-GCM over no plaintext with the message as
 * additional data. The 12-byte nonce is the MessageId followed by a word whose bit 0 says the
 * sender is the server and bit 1 that the message is a CANCEL ([MS-SMB2] 3.1.4.1); both come from
 * the header, so one signer serves both directions.
 */
final class AesGmacSigner extends HeaderSigner {

  private final KeyParameter key;

  AesGmacSigner(byte[] key) {
    if (key.length != 16) {
      throw new IllegalArgumentException("AES-128-GMAC needs a 16-byte key");
    }
    this.key = new KeyParameter(key.clone());
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
    // Bouncy Castle's GMAC: the JDK's GCM hashes additional data several times slower.
    GMac gmac = new GMac(GCMBlockCipher.newInstance(AESEngine.newInstance()), 128);
    gmac.init(new ParametersWithIV(key, nonce));
    gmac.update(message, off, len);
    byte[] out = new byte[16];
    gmac.doFinal(out, 0);
    return out;
  }
}
