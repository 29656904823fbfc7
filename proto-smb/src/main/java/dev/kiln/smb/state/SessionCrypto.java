package dev.kiln.smb.state;

import dev.kiln.smb.crypto.CipherSuite;
import dev.kiln.smb.crypto.MessageSigner;
import dev.kiln.smb.crypto.SigningAlgorithm;
import dev.kiln.smb.crypto.SmbDialect;
import dev.kiln.smb.crypto.TransformCipher;
import java.util.Optional;

/**
 * Key derivation and the signing and encryption primitives ([MS-SMB2] 3.1.4.2, 3.3.5.5.3); the
 * daemon plugs in the {@code crypto} package. Without one, sessions are unsigned and unencrypted,
 * so clients that insist on either are refused.
 */
public interface SessionCrypto {

  /** The signer of a session. */
  MessageSigner signer(
      SmbDialect dialect, SigningAlgorithm algorithm, byte[] sessionKey, byte[] preauthHash);

  /** The cipher of a session (3.x only); empty when the dialect cannot encrypt. */
  Optional<TransformCipher> cipher(
      SmbDialect dialect, CipherSuite suite, byte[] sessionKey, byte[] preauthHash, long sessionId);

  /** Parses the SessionId out of a transform header ([MS-SMB2] 2.2.41), or -1 if malformed. */
  long transformSessionId(byte[] frame);
}
