package dev.kiln.smb.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageSignerTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] KEY = HEX.parseHex("000102030405060708090a0b0c0d0e0f");

  /** A plausible SMB2 message: header (command, flags, MessageId) and a body. */
  private static byte[] message(int command, int flags, long messageId, int bodyLength) {
    byte[] m = new byte[64 + bodyLength];
    m[0] = (byte) 0xFE;
    m[1] = 'S';
    m[2] = 'M';
    m[3] = 'B';
    m[4] = 64;
    m[12] = (byte) command;
    m[16] = (byte) flags;
    for (int i = 0; i < 8; i++) {
      m[24 + i] = (byte) (messageId >>> (8 * i));
    }
    new Random(bodyLength).nextBytes(Arrays.copyOfRange(m, 64, m.length));
    for (int i = 64; i < m.length; i++) {
      m[i] = (byte) (i * 7);
    }
    return m;
  }

  private static final String SIGNATURES =
      """
      import sys, hmac, hashlib
      from cryptography.hazmat.primitives import cmac
      from cryptography.hazmat.primitives.ciphers import algorithms
      from cryptography.hazmat.primitives.ciphers.aead import AESGCM
      key, msg = bytes.fromhex(sys.argv[1]), bytearray.fromhex(sys.argv[2])
      msg[48:64] = bytes(16)
      msg[16] |= 0x08
      msg = bytes(msg)
      print(hmac.new(key, msg, hashlib.sha256).digest()[:16].hex())
      c = cmac.CMAC(algorithms.AES(key)); c.update(msg); print(c.finalize().hex())
      flags = int.from_bytes(msg[16:20], 'little'); cmd = int.from_bytes(msg[12:14], 'little')
      role = 1 if flags & 1 else 0
      cancel = 2 if cmd == 0x0C and role == 0 else 0
      nonce = msg[24:32] + (role | cancel).to_bytes(4, 'little')
      print(AESGCM(key).encrypt(nonce, b'', msg).hex())
      """;

  @Test
  void signaturesMatchAnIndependentImplementation() throws Exception {
    for (int[] shape : new int[][] {{8, 1, 300}, {8, 0, 0}, {0x0C, 0, 24}, {5, 1, 4099}}) {
      byte[] m = message(shape[0], shape[1], 0x1122334455L + shape[2], shape[2]);
      var expected = PythonCrypto.run(SIGNATURES, HEX.formatHex(KEY), HEX.formatHex(m));
      SigningAlgorithm[] algs = SigningAlgorithm.values();
      for (int i = 0; i < algs.length; i++) {
        byte[] copy = m.clone();
        signer(algs[i]).sign(copy, 0, copy.length);
        assertThat(HEX.formatHex(Arrays.copyOfRange(copy, 48, 64)))
            .as(algs[i] + " of command " + shape[0])
            .isEqualTo(expected.get(i));
        assertThat(copy[16] & 0x08).isEqualTo(0x08);
      }
    }
  }

  @Test
  void cmacMatchesRfc4493() {
    AesCmacSigner cmac = new AesCmacSigner(HEX.parseHex("2b7e151628aed2a6abf7158809cf4f3c"));
    assertThat(HEX.formatHex(cmac.mac(new byte[0], 0, 0)))
        .isEqualTo("bb1d6929e95937287fa37d129b756746");
    byte[] m = HEX.parseHex("6bc1bee22e409f96e93d7e117393172a");
    assertThat(HEX.formatHex(cmac.mac(m, 0, 16))).isEqualTo("070a16b46b4d4144f79bdd9dd04a287c");
  }

  private static MessageSigner signer(SigningAlgorithm alg) {
    return new SessionKeys(KEY, new byte[0], new byte[0], KEY).signer(alg);
  }

  @Test
  void roundTripAndTamperingInEveryAlgorithm() {
    for (SigningAlgorithm alg : SigningAlgorithm.values()) {
      MessageSigner s = signer(alg);
      byte[] buf = new byte[10 + 64 + 100 + 10];
      byte[] m = message(8, 1, 99, 100);
      System.arraycopy(m, 0, buf, 10, m.length);
      s.sign(buf, 10, m.length);
      assertThat(s.verify(buf, 10, m.length)).as(alg.name()).isTrue();
      for (int at : new int[] {10, 10 + 24, 10 + 50, 10 + 63, 10 + 64, 10 + 163}) {
        byte[] bad = buf.clone();
        bad[at] ^= 0x20;
        assertThat(s.verify(bad, 10, m.length)).as(alg + " flipped at " + at).isFalse();
      }
      assertThat(s.verify(buf, 10, 40)).isFalse();
      assertThat(s.verify(buf, 150, 64)).isFalse();
      assertThatThrownBy(() -> s.sign(new byte[10], 0, 10))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void gmacBindsTheDirectionAndCancel() {
    MessageSigner gmac = signer(SigningAlgorithm.AES_128_GMAC);
    byte[] request = message(8, 0, 7, 32);
    byte[] response = message(8, 1, 7, 32);
    gmac.sign(request, 0, request.length);
    gmac.sign(response, 0, response.length);
    byte[] forged = response.clone();
    System.arraycopy(request, 48, forged, 48, 16);
    assertThat(gmac.verify(forged, 0, forged.length)).isFalse();
    byte[] cancel = message(0x0C, 0, 7, 32);
    byte[] notCancel = message(0x0C, 0, 7, 32);
    gmac.sign(cancel, 0, cancel.length);
    notCancel[12] = 0x0B;
    gmac.sign(notCancel, 0, notCancel.length);
    assertThat(Arrays.copyOfRange(cancel, 48, 64))
        .isNotEqualTo(Arrays.copyOfRange(notCancel, 48, 64));
  }

  @Test
  void gmacMatchesBouncyCastlesForEveryLengthAroundBlockEdges() {
    AesGmacSigner fast = new AesGmacSigner(KEY);
    Random r = new Random(12);
    for (int len = 64; len < 64 + 200; len++) {
      byte[] m = new byte[len];
      r.nextBytes(m);
      byte[] nonce = new byte[12];
      System.arraycopy(m, 24, nonce, 0, 8);
      int role = (m[16] & 1) != 0 ? 1 : 0;
      int cancel = (m[12] == 0x0C && m[13] == 0 && role == 0) ? 2 : 0;
      nonce[8] = (byte) (role | cancel);
      org.bouncycastle.crypto.macs.GMac gmac =
          new org.bouncycastle.crypto.macs.GMac(
              org.bouncycastle.crypto.modes.GCMBlockCipher.newInstance(
                  org.bouncycastle.crypto.engines.AESEngine.newInstance()),
              128);
      gmac.init(
          new org.bouncycastle.crypto.params.ParametersWithIV(
              new org.bouncycastle.crypto.params.KeyParameter(KEY), nonce));
      gmac.update(m, 0, len);
      byte[] expected = new byte[16];
      gmac.doFinal(expected, 0);
      assertThat(fast.mac(m, 0, len)).as("length " + len).isEqualTo(expected);
    }
  }
}
