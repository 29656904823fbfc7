package dev.kiln.smb.crypto;

import dev.kiln.smb.state.SessionCrypto;
import java.util.Optional;

/**
 * The server's {@link SessionCrypto}: keys from {@link SessionKeys#derive} ([MS-SMB2] 3.1.4.2),
 * signers and ciphers from this package. Stateless; one instance serves every connection.
 */
public final class KeyDerivingSessionCrypto implements SessionCrypto {

  @Override
  public MessageSigner signer(
      SmbDialect dialect, SigningAlgorithm algorithm, byte[] sessionKey, byte[] preauthHash) {
    // 2.x signs with HMAC-SHA256 over the session key, 3.0 and 3.0.2 with AES-128-CMAC over the
    // derived signing key, 3.1.1 with what its signing context chose (HMAC-SHA256 included, still
    // over the derived key; [MS-SMB2] 3.1.4.1, 2.2.3.1.7), AES-128-CMAC without one.
    SigningAlgorithm alg =
        !dialect.isSmb3()
            ? SigningAlgorithm.HMAC_SHA256
            : dialect != SmbDialect.SMB_3_1_1 || algorithm == null
                ? SigningAlgorithm.AES_128_CMAC
                : algorithm;
    return SessionKeys.derive(dialect, sessionKey, preauthHash, null).signer(alg);
  }

  @Override
  public Optional<TransformCipher> cipher(
      SmbDialect dialect,
      CipherSuite suite,
      byte[] sessionKey,
      byte[] preauthHash,
      long sessionId) {
    if (!dialect.isSmb3()) {
      return Optional.empty();
    }
    // 3.0 and 3.0.2 know only AES-128-CCM ([MS-SMB2] 3.1.4.3).
    CipherSuite c =
        dialect == SmbDialect.SMB_3_1_1 && suite != null ? suite : CipherSuite.AES_128_CCM;
    return Optional.of(SessionKeys.derive(dialect, sessionKey, preauthHash, c).cipher(c));
  }

  @Override
  public long transformSessionId(byte[] frame) {
    if (frame.length < AesTransformCipher.HEADER) {
      return -1;
    }
    return AesTransformCipher.sessionId(frame, 0, frame.length);
  }
}
