package dev.kiln.smb.crypto;

import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.params.KeyParameter;

/** SMB 3.x signing with AES-128-CMAC (RFC 4493; [MS-SMB2] 3.1.4.1). */
final class AesCmacSigner extends HeaderSigner {

  private final byte[] key;

  AesCmacSigner(byte[] key) {
    if (key.length != 16) {
      throw new IllegalArgumentException("AES-128-CMAC needs a 16-byte key");
    }
    this.key = key.clone();
  }

  @Override
  byte[] mac(byte[] message, int off, int len) {
    CMac cmac = new CMac(AESEngine.newInstance());
    cmac.init(new KeyParameter(key));
    cmac.update(message, off, len);
    byte[] out = new byte[16];
    cmac.doFinal(out, 0);
    return out;
  }
}
