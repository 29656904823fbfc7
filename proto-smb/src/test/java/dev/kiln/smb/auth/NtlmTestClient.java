package dev.kiln.smb.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A test-side NTLMv2 client written from [MS-NLMP] 3.1.5 (the server under test never runs this
 * code): NEGOTIATE, AUTHENTICATE with key exchange and MIC, and SPNEGO framing with mechListMIC.
 */
final class NtlmTestClient {

  static final int FLAGS =
      NtlmFlags.NEGOTIATE_UNICODE
          | NtlmFlags.REQUEST_TARGET
          | NtlmFlags.NEGOTIATE_SIGN
          | NtlmFlags.NEGOTIATE_NTLM
          | NtlmFlags.NEGOTIATE_ALWAYS_SIGN
          | NtlmFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY
          | NtlmFlags.NEGOTIATE_TARGET_INFO
          | NtlmFlags.NEGOTIATE_VERSION
          | NtlmFlags.NEGOTIATE_128
          | NtlmFlags.NEGOTIATE_KEY_EXCH
          | NtlmFlags.NEGOTIATE_56;

  final String user;
  final String domain;
  final byte[] ntHash;
  int flags = FLAGS;
  boolean withMic = true;
  byte[] clientChallenge = {1, 2, 3, 4, 5, 6, 7, 8};
  byte[] randomSessionKey = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6};
  byte[] negotiate;
  byte[] exportedSessionKey;
  int negotiatedFlags;
  byte[] mechTypesDer = Der.tlv(0x30, Der.tlv(0x06, SpnegoTokens.NTLMSSP_OID));

  NtlmTestClient(String user, String domain, String password) {
    this.user = user;
    this.domain = domain;
    this.ntHash = NtlmCrypto.ntHash(password.toCharArray());
  }

  byte[] negotiate() {
    byte[] m = new byte[40];
    System.arraycopy(NtlmServer.SIGNATURE, 0, m, 0, 8);
    Bytes.put32(m, 8, 1);
    Bytes.put32(m, 12, flags);
    Bytes.put32(m, 20, 40);
    Bytes.put32(m, 28, 40);
    m[32] = 10;
    m[39] = 0x0f;
    negotiate = m;
    return m.clone();
  }

  byte[] authenticate(byte[] challenge) throws LogonFailedException {
    byte[] serverChallenge = Arrays.copyOfRange(challenge, 24, 32);
    negotiatedFlags = Bytes.i32(challenge, 20);
    int tiLen = Bytes.u16(challenge, 40);
    int tiOff = Bytes.i32(challenge, 44);
    byte[] targetInfo = Arrays.copyOfRange(challenge, tiOff, tiOff + tiLen - 4); // drop EOL
    ByteArrayOutputStream pairs = new ByteArrayOutputStream();
    pairs.writeBytes(targetInfo);
    if (withMic) {
      pairs.writeBytes(new byte[] {6, 0, 4, 0, 2, 0, 0, 0});
    }
    pairs.writeBytes(new byte[4]);
    byte[] temp =
        NtlmServer.concat(
            new byte[] {1, 1, 0, 0, 0, 0, 0, 0},
            new byte[8],
            clientChallenge,
            new byte[4],
            pairs.toByteArray(),
            new byte[4]);
    byte[] key = NtlmCrypto.ntowfv2(ntHash, user, domain);
    byte[] proof = NtlmCrypto.hmacMd5(key, serverChallenge, temp);
    byte[] nt = NtlmServer.concat(proof, temp);
    byte[] sessionBaseKey = NtlmCrypto.hmacMd5(key, proof);
    byte[] encryptedKey = new byte[0];
    exportedSessionKey = sessionBaseKey;
    if ((negotiatedFlags & NtlmFlags.NEGOTIATE_KEY_EXCH) != 0) {
      exportedSessionKey = randomSessionKey.clone();
      encryptedKey = NtlmCrypto.rc4(sessionBaseKey, randomSessionKey);
    }
    byte[] msg = authenticateMessage(new byte[24], nt, user, domain, encryptedKey);
    if (withMic) {
      byte[] mic =
          Arrays.copyOf(NtlmCrypto.hmacMd5(exportedSessionKey, negotiate, challenge, msg), 16);
      System.arraycopy(mic, 0, msg, 72, 16);
    }
    return msg;
  }

  byte[] authenticateMessage(byte[] lm, byte[] nt, String user, String domain, byte[] key) {
    byte[] dom = domain.getBytes(StandardCharsets.UTF_16LE);
    byte[] usr = user.getBytes(StandardCharsets.UTF_16LE);
    byte[] ws = "CLIENT".getBytes(StandardCharsets.UTF_16LE);
    byte[][] payload = {lm, nt, dom, usr, ws, key};
    int[] fieldAt = {12, 20, 28, 36, 44, 52};
    int total = 88;
    for (byte[] p : payload) {
      total += p.length;
    }
    byte[] m = new byte[total];
    System.arraycopy(NtlmServer.SIGNATURE, 0, m, 0, 8);
    Bytes.put32(m, 8, 3);
    int at = 88;
    for (int i = 0; i < payload.length; i++) {
      Bytes.put16(m, fieldAt[i], payload[i].length);
      Bytes.put16(m, fieldAt[i] + 2, payload[i].length);
      Bytes.put32(m, fieldAt[i] + 4, at);
      System.arraycopy(payload[i], 0, m, at, payload[i].length);
      at += payload[i].length;
    }
    Bytes.put32(m, 60, negotiatedFlags == 0 ? flags : negotiatedFlags);
    m[64] = 10;
    m[71] = 0x0f;
    return m;
  }

  /** The client's mechListMIC over the mechTypes it sent ([MS-NLMP] 3.4.4.2, sequence 0). */
  byte[] mechListMic(boolean clientToServer) {
    RC4Seal seal = new RC4Seal(exportedSessionKey, negotiatedFlags, clientToServer);
    return NtlmCrypto.mac(
        NtlmCrypto.signKey(exportedSessionKey, clientToServer), seal.engine, 0, mechTypesDer);
  }

  byte[] spnegoInit() {
    byte[] init =
        Der.tlv(0x30, Der.tlv(0xa0, mechTypesDer), Der.tlv(0xa2, Der.tlv(0x04, negotiate())));
    return Der.tlv(0x60, Der.tlv(0x06, SpnegoTokens.SPNEGO_OID), Der.tlv(0xa0, init));
  }

  byte[] spnegoAuthenticate(byte[] negTokenResp) throws LogonFailedException {
    byte[] challenge = SpnegoTokens.parseResp(negTokenResp).responseToken();
    byte[] auth = authenticate(challenge);
    return Der.tlv(
        0xa1,
        Der.tlv(
            0x30,
            Der.tlv(0xa2, Der.tlv(0x04, auth)),
            Der.tlv(0xa3, Der.tlv(0x04, mechListMic(true)))));
  }

  private record RC4Seal(org.bouncycastle.crypto.engines.RC4Engine engine) {
    RC4Seal(byte[] exported, int flags, boolean c2s) {
      this(
          (flags & NtlmFlags.NEGOTIATE_KEY_EXCH) != 0
              ? NtlmCrypto.rc4(NtlmCrypto.sealKey(exported, flags, c2s))
              : null);
    }
  }
}
