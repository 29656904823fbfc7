package dev.kiln.smb.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.crypto.engines.RC4Engine;

/**
 * The server side of one NTLM authentication ([MS-NLMP] 3.2.5): NEGOTIATE in, CHALLENGE out,
 * AUTHENTICATE verified as NTLMv2. NTLMv1 and LM responses are refused; an empty response pair is
 * an anonymous logon. Not thread-safe: one per exchange.
 */
final class NtlmServer {

  static final byte[] SIGNATURE = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);

  /** Windows 6.1 build 7601, NTLMSSP_REVISION_W2K3 ([MS-NLMP] 2.2.2.10). */
  private static final byte[] VERSION = {6, 1, (byte) 0xb1, 0x1d, 0, 0, 0, 0x0f};

  /** FILETIME ticks between 1601-01-01 and 1970-01-01. */
  private static final long EPOCH_DIFF_MILLIS = 11_644_473_600_000L;

  private static final int AUTH_HEADER = 64;
  private static final int MIC_OFFSET = 72;

  private final SmbAccounts accounts;
  private final NtlmTargetNames names;
  private final Clock clock;
  private final SecureRandom random;
  private final String remote;

  private byte[] negotiateMessage;
  private byte[] challengeMessage;
  private byte[] serverChallenge;
  private int flags;
  private byte[] exportedSessionKey;

  NtlmServer(
      SmbAccounts accounts,
      NtlmTargetNames names,
      Clock clock,
      SecureRandom random,
      String remote) {
    this.accounts = accounts;
    this.names = names;
    this.clock = clock;
    this.random = random;
    this.remote = remote;
  }

  /** Whether {@code token} starts like an NTLMSSP message. */
  static boolean isNtlm(byte[] token) {
    return token.length >= 12 && Arrays.equals(token, 0, 8, SIGNATURE, 0, 8);
  }

  /** Answers a NEGOTIATE_MESSAGE (2.2.1.1) with a CHALLENGE_MESSAGE (2.2.1.2). */
  byte[] challenge(byte[] negotiate) throws LogonFailedException {
    if (challengeMessage != null) {
      throw new LogonFailedException("a second NTLM NEGOTIATE in one exchange");
    }
    if (!isNtlm(negotiate) || Bytes.i32(negotiate, 8) != 1 || negotiate.length < 16) {
      throw new LogonFailedException("not an NTLM NEGOTIATE message");
    }
    int clientFlags = Bytes.i32(negotiate, 12);
    if ((clientFlags & NtlmFlags.NEGOTIATE_UNICODE) == 0) {
      throw new LogonFailedException("the client does not offer Unicode NTLM (OEM is refused)");
    }
    negotiateMessage = negotiate.clone();
    flags =
        NtlmFlags.NEGOTIATE_UNICODE
            | NtlmFlags.NEGOTIATE_NTLM
            | NtlmFlags.TARGET_TYPE_SERVER
            | NtlmFlags.NEGOTIATE_TARGET_INFO
            | NtlmFlags.NEGOTIATE_VERSION
            | (clientFlags & NtlmFlags.ECHOED);
    serverChallenge = new byte[8];
    random.nextBytes(serverChallenge);
    long filetime = (clock.millis() + EPOCH_DIFF_MILLIS) * 10_000L;
    byte[] timestamp = new byte[8];
    Bytes.put64(timestamp, 0, filetime);
    byte[] targetInfo =
        new AvPairs()
            .text(AvPairs.NB_DOMAIN_NAME, names.netbiosDomain())
            .text(AvPairs.NB_COMPUTER_NAME, names.netbiosComputer())
            .text(AvPairs.DNS_DOMAIN_NAME, names.dnsDomain())
            .text(AvPairs.DNS_COMPUTER_NAME, names.dnsComputer())
            .raw(AvPairs.TIMESTAMP, timestamp)
            .encode();
    byte[] targetName = names.netbiosComputer().getBytes(StandardCharsets.UTF_16LE);
    int header = 56;
    byte[] msg = new byte[header + targetName.length + targetInfo.length];
    System.arraycopy(SIGNATURE, 0, msg, 0, 8);
    Bytes.put32(msg, 8, 2);
    Bytes.put16(msg, 12, targetName.length);
    Bytes.put16(msg, 14, targetName.length);
    Bytes.put32(msg, 16, header);
    Bytes.put32(msg, 20, flags);
    System.arraycopy(serverChallenge, 0, msg, 24, 8);
    Bytes.put16(msg, 40, targetInfo.length);
    Bytes.put16(msg, 42, targetInfo.length);
    Bytes.put32(msg, 44, header + targetName.length);
    System.arraycopy(VERSION, 0, msg, 48, 8);
    System.arraycopy(targetName, 0, msg, header, targetName.length);
    System.arraycopy(targetInfo, 0, msg, header + targetName.length, targetInfo.length);
    challengeMessage = msg;
    return msg.clone();
  }

  /** Verifies an AUTHENTICATE_MESSAGE (2.2.1.3) as NTLMv2 (3.3.2) or an anonymous logon. */
  AuthResult authenticate(byte[] auth) throws LogonFailedException {
    if (challengeMessage == null) {
      throw new LogonFailedException("NTLM AUTHENTICATE before CHALLENGE");
    }
    if (exportedSessionKey != null) {
      throw new LogonFailedException("a second NTLM AUTHENTICATE in one exchange");
    }
    if (!isNtlm(auth) || Bytes.i32(auth, 8) != 3) {
      throw new LogonFailedException("not an NTLM AUTHENTICATE message");
    }
    Bytes.need(auth, 0, AUTH_HEADER);
    byte[] lm = field(auth, 12);
    byte[] nt = field(auth, 20);
    String domain = text(field(auth, 28));
    String user = text(field(auth, 36));
    byte[] encryptedKey = field(auth, 52);
    int authFlags = Bytes.i32(auth, 60);
    // The final flags are those both sides agreed to ([MS-NLMP] 3.2.5.1.2).
    flags &= authFlags | ~NtlmFlags.ECHOED;

    if (nt.length == 0 && (lm.length == 0 || (lm.length == 1 && lm[0] == 0))) {
      if (!user.isEmpty()) {
        throw new LogonFailedException("empty response for user " + user + " (LM refused)");
      }
      exportedSessionKey = new byte[16];
      return new AuthResult(Optional.empty(), false, true, new byte[16]);
    }
    if (user.isEmpty()) {
      throw new LogonFailedException("a response without a user name");
    }
    if (nt.length == 24) {
      throw new LogonFailedException("NTLMv1 from " + user + " refused (NTLMv2 only)");
    }
    if (nt.length < 16 + 28) {
      throw new LogonFailedException("NTLMv2 response too short (LM-only logons are refused)");
    }
    byte[] ntProofStr = Arrays.copyOf(nt, 16);
    byte[] temp = Arrays.copyOfRange(nt, 16, nt.length);
    if (temp[0] != 1 || temp[1] != 1) {
      throw new LogonFailedException("unknown NTLMv2 client challenge version");
    }
    AvPairs.check(temp, 28);

    String login = user.toLowerCase(Locale.ROOT);
    Optional<SmbAccount> account;
    try {
      account = accounts.find(login);
    } catch (IOException e) {
      throw new LogonFailedException("user directory unavailable: " + e.getMessage());
    }
    if (account.isEmpty()) {
      recordFailure(login);
      throw new LogonFailedException(
          "no usable SMB account " + login + " (unknown, locked, disabled or without NT hash)");
    }
    byte[] responseKey = null;
    for (String dom : new String[] {domain, domain.toUpperCase(Locale.ROOT), ""}) {
      byte[] key = NtlmCrypto.ntowfv2(account.get().ntHash(), user, dom);
      byte[] expected = NtlmCrypto.hmacMd5(key, serverChallenge, temp);
      if (MessageDigest.isEqual(expected, ntProofStr)) {
        responseKey = key;
        break;
      }
    }
    if (responseKey == null) {
      recordFailure(login);
      throw new LogonFailedException("wrong password for " + login);
    }
    byte[] sessionBaseKey = NtlmCrypto.hmacMd5(responseKey, ntProofStr);
    // KXKEY is the SessionBaseKey for NTLMv2 (3.4.5.1).
    byte[] exported = sessionBaseKey;
    if ((flags & NtlmFlags.NEGOTIATE_KEY_EXCH) != 0) {
      if (encryptedKey.length != 16) {
        throw new LogonFailedException("KEY_EXCH without a 16-byte encrypted session key");
      }
      exported = NtlmCrypto.rc4(sessionBaseKey, encryptedKey);
    }
    Optional<byte[]> avFlags = AvPairs.find(temp, 28, AvPairs.FLAGS);
    if (avFlags.isPresent()
        && avFlags.get().length == 4
        && (Bytes.i32(avFlags.get(), 0) & AvPairs.FLAG_MIC_PRESENT) != 0) {
      Bytes.need(auth, 0, MIC_OFFSET + 16);
      byte[] mic = Arrays.copyOfRange(auth, MIC_OFFSET, MIC_OFFSET + 16);
      byte[] zeroed = auth.clone();
      Arrays.fill(zeroed, MIC_OFFSET, MIC_OFFSET + 16, (byte) 0);
      byte[] expected =
          Arrays.copyOf(
              NtlmCrypto.hmacMd5(exported, negotiateMessage, challengeMessage, zeroed), 16);
      if (!MessageDigest.isEqual(expected, mic)) {
        recordFailure(login);
        throw new LogonFailedException("NTLM MIC of " + login + " does not match");
      }
    }
    exportedSessionKey = exported;
    try {
      accounts.succeeded(login, remote);
    } catch (IOException e) {
      throw new LogonFailedException("user directory unavailable: " + e.getMessage());
    }
    return new AuthResult(account, false, false, exported.clone());
  }

  /** The flags both sides agreed to. */
  int flags() {
    return flags;
  }

  /** The exported session key once authenticated. */
  byte[] exportedSessionKey() {
    return exportedSessionKey;
  }

  /**
   * The NTLM GSS_GetMIC of {@code data} (sequence number 0) in the given direction, as SPNEGO's
   * mechListMIC ([MS-SPNG] 3.3.5.1, [MS-NLMP] 3.4.4.2); requires extended session security.
   */
  byte[] mechListMic(byte[] data, boolean clientToServer) throws LogonFailedException {
    if ((flags & NtlmFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY) == 0) {
      throw new LogonFailedException("mechListMIC without extended session security is refused");
    }
    byte[] signKey = NtlmCrypto.signKey(exportedSessionKey, clientToServer);
    RC4Engine seal =
        (flags & NtlmFlags.NEGOTIATE_KEY_EXCH) != 0
            ? NtlmCrypto.rc4(NtlmCrypto.sealKey(exportedSessionKey, flags, clientToServer))
            : null;
    return NtlmCrypto.mac(signKey, seal, 0, data);
  }

  private void recordFailure(String login) throws LogonFailedException {
    try {
      accounts.failed(login, remote);
    } catch (IOException e) {
      throw new LogonFailedException("user directory unavailable: " + e.getMessage());
    }
  }

  private static byte[] field(byte[] msg, int at) throws LogonFailedException {
    int len = Bytes.u16(msg, at);
    int offset = Bytes.i32(msg, at + 4);
    if (len == 0) {
      return new byte[0];
    }
    return Bytes.slice(msg, offset, len);
  }

  private static String text(byte[] utf16) throws LogonFailedException {
    if (utf16.length % 2 != 0) {
      throw new LogonFailedException("odd-length Unicode string");
    }
    return new String(utf16, StandardCharsets.UTF_16LE);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
