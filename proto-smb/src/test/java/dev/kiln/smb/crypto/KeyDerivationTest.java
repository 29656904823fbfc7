package dev.kiln.smb.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyDerivationTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] SESSION_KEY = HEX.parseHex("270e1ba896585eeb7af3472d3b4c75a7");

  /** SP800-108 counter mode as the Python cryptography package computes it. */
  private static final String KBKDF =
      """
      import sys
      from cryptography.hazmat.primitives import hashes
      from cryptography.hazmat.primitives.kdf.kbkdf import KBKDFHMAC, Mode, CounterLocation
      key, label, context, bits = bytes.fromhex(sys.argv[1]), bytes.fromhex(sys.argv[2]), \\
          bytes.fromhex(sys.argv[3]), int(sys.argv[4])
      kdf = KBKDFHMAC(algorithm=hashes.SHA256(), mode=Mode.CounterMode, length=bits // 8,
                      rlen=4, llen=4, location=CounterLocation.BeforeFixed,
                      label=label, context=context, fixed=None)
      print(kdf.derive(key).hex())
      """;

  private static String python(byte[] key, String label, byte[] context, int bits)
      throws Exception {
    return PythonCrypto.run(
            KBKDF,
            HEX.formatHex(key),
            HEX.formatHex(KeyDerivation.cstring(label)),
            HEX.formatHex(context),
            Integer.toString(bits))
        .getFirst();
  }

  @Test
  void smb30KeysMatchAnIndependentSp800108() throws Exception {
    SessionKeys keys = SessionKeys.derive(SmbDialect.SMB_3_0, SESSION_KEY, null, null);
    assertThat(HEX.formatHex(keys.signingKey()))
        .isEqualTo(python(SESSION_KEY, "SMB2AESCMAC", KeyDerivation.cstring("SmbSign"), 128));
    assertThat(HEX.formatHex(keys.encryptionKey()))
        .isEqualTo(python(SESSION_KEY, "SMB2AESCCM", KeyDerivation.cstring("ServerOut"), 128));
    assertThat(HEX.formatHex(keys.decryptionKey()))
        .isEqualTo(python(SESSION_KEY, "SMB2AESCCM", KeyDerivation.cstring("ServerIn "), 128));
    assertThat(HEX.formatHex(keys.applicationKey()))
        .isEqualTo(python(SESSION_KEY, "SMB2APP", KeyDerivation.cstring("SmbRpc"), 128));
    assertThat(SessionKeys.derive(SmbDialect.SMB_3_0_2, SESSION_KEY, null, null).signingKey())
        .isEqualTo(keys.signingKey());
  }

  @Test
  void smb311KeysUseThePreauthHashAnd256BitCipherKeys() throws Exception {
    byte[] preauth = MessageDigest.getInstance("SHA-512").digest("negotiate+setup".getBytes());
    SessionKeys k128 =
        SessionKeys.derive(SmbDialect.SMB_3_1_1, SESSION_KEY, preauth, CipherSuite.AES_128_GCM);
    assertThat(HEX.formatHex(k128.signingKey()))
        .isEqualTo(python(SESSION_KEY, "SMBSigningKey", preauth, 128));
    assertThat(HEX.formatHex(k128.encryptionKey()))
        .isEqualTo(python(SESSION_KEY, "SMBS2CCipherKey", preauth, 128));
    assertThat(HEX.formatHex(k128.decryptionKey()))
        .isEqualTo(python(SESSION_KEY, "SMBC2SCipherKey", preauth, 128));
    assertThat(HEX.formatHex(k128.applicationKey()))
        .isEqualTo(python(SESSION_KEY, "SMBAppKey", preauth, 128));
    SessionKeys k256 =
        SessionKeys.derive(SmbDialect.SMB_3_1_1, SESSION_KEY, preauth, CipherSuite.AES_256_GCM);
    assertThat(k256.encryptionKey()).hasSize(32);
    assertThat(HEX.formatHex(k256.encryptionKey()))
        .isEqualTo(python(SESSION_KEY, "SMBS2CCipherKey", preauth, 256));
    assertThat(k256.signingKey()).isEqualTo(k128.signingKey());
  }

  @Test
  void smb2xSignsWithTheSessionKeyAndCannotEncrypt() {
    SessionKeys keys = SessionKeys.derive(SmbDialect.SMB_2_1, SESSION_KEY, null, null);
    assertThat(keys.signingKey()).isEqualTo(SESSION_KEY);
    assertThatThrownBy(() -> keys.cipher(CipherSuite.AES_128_CCM))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () -> SessionKeys.derive(SmbDialect.SMB_3_1_1, SESSION_KEY, new byte[3], null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void preauthHashChainsSha512() throws Exception {
    byte[] a = "negotiate request".getBytes();
    byte[] b = "negotiate response".getBytes();
    PreauthIntegrity h = PreauthIntegrity.initial().next(a, 0, a.length).next(b, 0, b.length);
    MessageDigest sha = MessageDigest.getInstance("SHA-512");
    byte[] h1 = sha.digest(concat(new byte[64], a));
    byte[] h2 = sha.digest(concat(h1, b));
    assertThat(h.value()).isEqualTo(h2);
    assertThat(PreauthIntegrity.initial().value()).isEqualTo(new byte[64]);
    assertThat(List.of(h.value().length)).containsExactly(64);
  }

  private static byte[] concat(byte[] x, byte[] y) {
    byte[] out = java.util.Arrays.copyOf(x, x.length + y.length);
    System.arraycopy(y, 0, out, x.length, y.length);
    return out;
  }
}
