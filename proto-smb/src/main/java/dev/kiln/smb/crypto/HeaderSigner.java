package dev.kiln.smb.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The common part of every signing algorithm ([MS-SMB2] 3.1.4.1, 3.1.5.1): the signature covers the
 * whole message (compound padding included) with the Signature field zeroed and the
 * SMB2_FLAGS_SIGNED flag set.
 */
abstract class HeaderSigner implements MessageSigner {

  /** The 16-byte MAC of {@code message[off, off+len)}, whose signature field is zero. */
  abstract byte[] mac(byte[] message, int off, int len);

  @Override
  public void sign(byte[] message, int off, int len) {
    Smb2Header.check(message, off, len);
    message[off + Smb2Header.FLAGS] |= Smb2Header.FLAGS_SIGNED;
    Arrays.fill(message, off + Smb2Header.SIGNATURE, off + Smb2Header.SIGNATURE + 16, (byte) 0);
    byte[] mac = mac(message, off, len);
    System.arraycopy(mac, 0, message, off + Smb2Header.SIGNATURE, 16);
  }

  @Override
  public boolean verify(byte[] message, int off, int len) {
    if (off < 0 || len < Smb2Header.SIZE || off > message.length - len) {
      return false;
    }
    byte[] copy = Arrays.copyOfRange(message, off, off + len);
    byte[] claimed = Arrays.copyOfRange(copy, Smb2Header.SIGNATURE, Smb2Header.SIGNATURE + 16);
    Arrays.fill(copy, Smb2Header.SIGNATURE, Smb2Header.SIGNATURE + 16, (byte) 0);
    return MessageDigest.isEqual(claimed, mac(copy, 0, len));
  }
}
