package dev.kiln.smb.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransformCipherTest {

  private static final HexFormat HEX = HexFormat.of();

  private static byte[] key(int len, int seed) {
    byte[] k = new byte[len];
    new Random(seed).nextBytes(k);
    return k;
  }

  /** A client's and a server's view of one session: each one's encryption key is the other's. */
  private static AesTransformCipher[] pair(CipherSuite suite) {
    byte[] c2s = key(suite.keyLength(), 1);
    byte[] s2c = key(suite.keyLength(), 2);
    return new AesTransformCipher[] {
      new AesTransformCipher(suite, s2c, c2s), new AesTransformCipher(suite, c2s, s2c)
    };
  }

  private static byte[] smb2(int len) {
    byte[] m = new byte[len];
    new Random(len).nextBytes(m);
    m[0] = (byte) 0xFE;
    m[1] = 'S';
    m[2] = 'M';
    m[3] = 'B';
    return m;
  }

  private static final String OPEN =
      """
      import sys
      from cryptography.hazmat.primitives.ciphers.aead import AESCCM, AESGCM
      suite, key, t = sys.argv[1], bytes.fromhex(sys.argv[2]), bytes.fromhex(sys.argv[3])
      sig, nonce, aad, body = t[4:20], t[20:36], t[20:52], t[52:]
      if suite.endswith('CCM'):
          print(AESCCM(key, tag_length=16).decrypt(nonce[:11], body + sig, aad).hex())
      else:
          print(AESGCM(key).decrypt(nonce[:12], body + sig, aad).hex())
      """;

  @Test
  void everySuiteRoundTripsAndAnIndependentAeadOpensIt() throws Exception {
    for (CipherSuite suite : CipherSuite.values()) {
      AesTransformCipher[] p = pair(suite);
      AesTransformCipher server = p[0];
      AesTransformCipher client = p[1];
      byte[] msg = smb2(777);
      byte[] sealed = server.encrypt(0x1234_5678_9abcL, msg, 0, msg.length);
      assertThat(sealed).hasSize(52 + 777);
      assertThat(HEX.formatHex(sealed, 0, 4)).isEqualTo("fd534d42");
      assertThat(AesTransformCipher.sessionId(sealed, 0, sealed.length)).isEqualTo(0x123456789abcL);
      assertThat(client.decrypt(sealed, 0, sealed.length)).as(suite.name()).isEqualTo(msg);
      byte[] serverKey = key(suite.keyLength(), 2);
      assertThat(
              PythonCrypto.run(OPEN, suite.name(), HEX.formatHex(serverKey), HEX.formatHex(sealed))
                  .getFirst())
          .as(suite + " opened by python3-cryptography")
          .isEqualTo(HEX.formatHex(msg));
      byte[] back = client.encrypt(1, msg, 0, 100);
      assertThat(server.decrypt(back, 0, back.length)).isEqualTo(Arrays.copyOf(msg, 100));
    }
  }

  private static final String SEAL =
      """
      import sys
      from cryptography.hazmat.primitives.ciphers.aead import AESCCM, AESGCM
      suite, key, msg = sys.argv[1], bytes.fromhex(sys.argv[2]), bytes.fromhex(sys.argv[3])
      nonce = bytes(range(1, 17))
      n = 11 if suite.endswith('CCM') else 12
      nonce = nonce[:n] + bytes(16 - n)
      aad = nonce + len(msg).to_bytes(4, 'little') + bytes([0, 0, 1, 0]) + (42).to_bytes(8, 'little')
      if suite.endswith('CCM'):
          sealed = AESCCM(key, tag_length=16).encrypt(nonce[:n], msg, aad)
      else:
          sealed = AESGCM(key).encrypt(nonce[:n], msg, aad)
      body, tag = sealed[:-16], sealed[-16:]
      print((bytes([0xfd, 0x53, 0x4d, 0x42]) + tag + aad + body).hex())
      """;

  @Test
  void messagesSealedByAnIndependentAeadAreOpened() throws Exception {
    for (CipherSuite suite : CipherSuite.values()) {
      for (int len : new int[] {1, 16, 64, 1000, 50_000}) {
        byte[] msg = smb2(Math.max(len, 4));
        byte[] c2s = key(suite.keyLength(), 1);
        String sealed =
            PythonCrypto.run(SEAL, suite.name(), HEX.formatHex(c2s), HEX.formatHex(msg)).getFirst();
        byte[] t = HEX.parseHex(sealed);
        AesTransformCipher server = pair(suite)[0];
        assertThat(server.decrypt(t, 0, t.length)).as(suite + " " + len).isEqualTo(msg);
        assertThat(AesTransformCipher.sessionId(t, 0, t.length)).isEqualTo(42);
      }
    }
  }

  @Test
  void anyTamperingIsRejected() throws Exception {
    for (CipherSuite suite : CipherSuite.values()) {
      AesTransformCipher[] p = pair(suite);
      byte[] msg = smb2(200);
      byte[] sealed = p[0].encrypt(5, msg, 0, msg.length);
      for (int at = 0; at < sealed.length; at++) {
        if (at >= 20 + (suite.name().endsWith("CCM") ? 11 : 12) && at < 36) {
          continue; // unused nonce padding is not authenticated data... but it is: see below
        }
        byte[] bad = sealed.clone();
        bad[at] ^= 0x01;
        int where = at;
        assertThatThrownBy(() -> p[1].decrypt(bad, 0, bad.length))
            .as(suite + " flip at " + where)
            .isInstanceOf(GeneralSecurityException.class);
      }
      // The nonce padding is part of the additional data, so flipping it fails too.
      byte[] bad = sealed.clone();
      bad[35] ^= 1;
      assertThatThrownBy(() -> p[1].decrypt(bad, 0, bad.length))
          .isInstanceOf(GeneralSecurityException.class);
    }
  }

  @Test
  void truncatedAndRandomInputIsAnErrorNotACrash() {
    AesTransformCipher[] p = pair(CipherSuite.AES_128_GCM);
    byte[] sealed = p[0].encrypt(5, smb2(100), 0, 100);
    for (int len = 0; len < sealed.length; len++) {
      int l = len;
      assertThatThrownBy(() -> p[1].decrypt(sealed, 0, l))
          .isInstanceOf(GeneralSecurityException.class);
    }
    assertThatThrownBy(() -> p[1].decrypt(sealed, 10, sealed.length))
        .isInstanceOf(GeneralSecurityException.class);
    Random r = new Random(3);
    for (int i = 0; i < 2000; i++) {
      byte[] junk = new byte[r.nextInt(200)];
      r.nextBytes(junk);
      if (junk.length > 4) {
        junk[0] = (byte) 0xFD;
        junk[1] = 'S';
        junk[2] = 'M';
        junk[3] = 'B';
      }
      assertThatThrownBy(() -> p[1].decrypt(junk, 0, junk.length))
          .isInstanceOf(GeneralSecurityException.class);
    }
  }

  @Test
  void noncesNeverRepeat() {
    for (CipherSuite suite : CipherSuite.values()) {
      AesTransformCipher c = pair(suite)[0];
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < 10_000; i++) {
        byte[] sealed = c.encrypt(1, new byte[64], 0, 64);
        assertThat(seen.add(HEX.formatHex(sealed, 20, 36))).isTrue();
      }
    }
  }

  @Test
  void wrongKeyLengthsAreRefused() {
    assertThatThrownBy(
            () -> new AesTransformCipher(CipherSuite.AES_256_GCM, new byte[16], new byte[16]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
