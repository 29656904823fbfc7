package dev.kiln.smb.crypto;

/**
 * Signs and verifies SMB2 messages in place: the 16-byte Signature field at offset 48 of the header
 * ([MS-SMB2] 3.1.4.1, 3.1.5.1). Implementations are thread-safe.
 */
public interface MessageSigner {

  /** Computes the signature of {@code message[off, off+len)} and writes it into its header. */
  void sign(byte[] message, int off, int len);

  /** Whether the signature in the header of {@code message[off, off+len)} is right. */
  boolean verify(byte[] message, int off, int len);
}
