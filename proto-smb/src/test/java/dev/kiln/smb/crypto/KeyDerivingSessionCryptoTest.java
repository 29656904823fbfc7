package dev.kiln.smb.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KeyDerivingSessionCryptoTest {

  private static final byte[] KEY = "0123456789abcdef".getBytes();
  private static final byte[] PREAUTH = new byte[64];

  private static byte[] message() {
    byte[] m = new byte[100];
    m[0] = (byte) 0xFE;
    m[1] = 'S';
    m[2] = 'M';
    m[3] = 'B';
    m[16] = 1;
    return m;
  }

  @Test
  void eachDialectSignsWithItsAlgorithmAndKey() {
    KeyDerivingSessionCrypto crypto = new KeyDerivingSessionCrypto();
    byte[] m21 = message();
    crypto.signer(SmbDialect.SMB_2_1, SigningAlgorithm.HMAC_SHA256, KEY, null).sign(m21, 0, 100);
    assertThat(new HmacSha256Signer(KEY).verify(m21, 0, 100)).isTrue();
    byte[] m30 = message();
    crypto.signer(SmbDialect.SMB_3_0, SigningAlgorithm.HMAC_SHA256, KEY, null).sign(m30, 0, 100);
    byte[] cmacKey = SessionKeys.derive(SmbDialect.SMB_3_0, KEY, null, null).signingKey();
    assertThat(new AesCmacSigner(cmacKey).verify(m30, 0, 100)).isTrue();
    byte[] m311 = message();
    crypto
        .signer(SmbDialect.SMB_3_1_1, SigningAlgorithm.AES_128_GMAC, KEY, PREAUTH)
        .sign(m311, 0, 100);
    byte[] gmacKey = SessionKeys.derive(SmbDialect.SMB_3_1_1, KEY, PREAUTH, null).signingKey();
    assertThat(new AesGmacSigner(gmacKey).verify(m311, 0, 100)).isTrue();
    assertThat(new AesCmacSigner(gmacKey).verify(m311, 0, 100)).isFalse();
    // A 3.1.1 signing context may choose HMAC-SHA256: then over the derived key, not the raw one.
    byte[] h311 = message();
    crypto
        .signer(SmbDialect.SMB_3_1_1, SigningAlgorithm.HMAC_SHA256, KEY, PREAUTH)
        .sign(h311, 0, 100);
    assertThat(new HmacSha256Signer(gmacKey).verify(h311, 0, 100)).isTrue();
    assertThat(new HmacSha256Signer(KEY).verify(h311, 0, 100)).isFalse();
  }

  @Test
  void ciphersOnlyFor3xAndTheSessionIdIsReadBack() throws Exception {
    KeyDerivingSessionCrypto crypto = new KeyDerivingSessionCrypto();
    assertThat(crypto.cipher(SmbDialect.SMB_2_0_2, CipherSuite.AES_128_GCM, KEY, null, 1))
        .isEmpty();
    TransformCipher c30 =
        crypto.cipher(SmbDialect.SMB_3_0, CipherSuite.AES_256_GCM, KEY, null, 1).orElseThrow();
    byte[] sealed = c30.encrypt(77, message(), 0, 100);
    assertThat(crypto.transformSessionId(sealed)).isEqualTo(77);
    assertThat(crypto.transformSessionId(new byte[10])).isEqualTo(-1);
    // 3.0 always uses AES-128-CCM, whatever was asked: a CCM peer with ServerOut keys opens it.
    SessionKeys k = SessionKeys.derive(SmbDialect.SMB_3_0, KEY, null, CipherSuite.AES_128_CCM);
    AesTransformCipher client =
        new AesTransformCipher(CipherSuite.AES_128_CCM, k.decryptionKey(), k.encryptionKey());
    assertThat(client.decrypt(sealed, 0, sealed.length)).isEqualTo(message());
    TransformCipher c311 =
        crypto.cipher(SmbDialect.SMB_3_1_1, CipherSuite.AES_256_GCM, KEY, PREAUTH, 1).orElseThrow();
    byte[] s311 = c311.encrypt(5, message(), 0, 100);
    SessionKeys k311 =
        SessionKeys.derive(SmbDialect.SMB_3_1_1, KEY, PREAUTH, CipherSuite.AES_256_GCM);
    assertThat(
            new AesTransformCipher(
                    CipherSuite.AES_256_GCM, k311.decryptionKey(), k311.encryptionKey())
                .decrypt(s311, 0, s311.length))
        .isEqualTo(message());
    assertThat(Arrays.copyOf(s311, 4)).isEqualTo(new byte[] {(byte) 0xFD, 'S', 'M', 'B'});
  }
}
