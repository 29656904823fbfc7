package dev.kiln.smb.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpnegoAcceptorTest {

  private final TestAccounts accounts = new TestAccounts().add("alice", "Secret-Pass-1");
  private final SpnegoAcceptor acceptor =
      new SpnegoAcceptor(
          accounts,
          NtlmTargetNames.forHost("kiln.example.org"),
          Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC),
          new SecureRandom());

  @Test
  void negotiateTokenIsANegTokenInit2OfferingNtlmssp() throws Exception {
    byte[] token = acceptor.negotiateToken();
    assertThat(HexFormat.of().formatHex(token))
        .startsWith("60")
        .contains("06062b0601050502")
        .contains("060a2b06010401823702020a")
        .contains(
            HexFormat.of()
                .formatHex(
                    "not_defined_in_RFC4178@please_ignore"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    SpnegoTokens.ClientInit parsed = SpnegoTokens.parseInit(token);
    assertThat(parsed.mechTypes()).hasSize(1);
    assertThat(parsed.mechTypes().get(0)).isEqualTo(SpnegoTokens.NTLMSSP_OID);
  }

  @Test
  void spnegoExchangeWithMechListMicAuthenticatesAndAgreesOnTheSessionKey() throws Exception {
    NtlmTestClient client = new NtlmTestClient("Alice", "WORKGROUP", "Secret-Pass-1");
    AuthExchange ex = acceptor.newExchange("10.0.0.5");
    AuthStep first = ex.accept(client.spnegoInit());
    assertThat(first.result()).isEmpty();
    byte[] challenge = SpnegoTokens.parseResp(first.responseToken()).responseToken();
    assertThat(NtlmServer.isNtlm(challenge)).isTrue();
    assertThat(HexFormat.of().formatHex(first.responseToken()))
        .contains("a0030a0101"); // incomplete
    AuthStep last = ex.accept(client.spnegoAuthenticate(first.responseToken()));
    AuthResult result = last.result().orElseThrow();
    assertThat(result.account()).map(SmbAccount::name).contains("alice");
    assertThat(result.guest()).isFalse();
    assertThat(result.anonymous()).isFalse();
    assertThat(result.sessionKey()).isEqualTo(client.randomSessionKey);
    assertThat(HexFormat.of().formatHex(last.responseToken())).contains("a0030a0100"); // completed
    SpnegoTokens.ClientResp done = SpnegoTokens.parseResp(last.responseToken());
    assertThat(done.mechListMic()).isEqualTo(client.mechListMic(false));
    assertThat(accounts.successes).containsExactly("alice@10.0.0.5");
    assertThat(accounts.failures).isEmpty();
    assertThatThrownBy(() -> ex.accept(client.spnegoInit()))
        .isInstanceOf(LogonFailedException.class);
  }

  @Test
  void rawNtlmsspWithoutKeyExchangeUsesTheSessionBaseKey() throws Exception {
    NtlmTestClient client = new NtlmTestClient("alice", "", "Secret-Pass-1");
    client.flags &= ~NtlmFlags.NEGOTIATE_KEY_EXCH;
    AuthExchange ex = acceptor.newExchange("10.0.0.6");
    AuthStep first = ex.accept(client.negotiate());
    assertThat(first.result()).isEmpty();
    AuthStep last = ex.accept(client.authenticate(first.responseToken()));
    assertThat(last.responseToken()).isEmpty();
    assertThat(last.result().orElseThrow().sessionKey()).isEqualTo(client.exportedSessionKey);
  }

  @Test
  void emptyFirstTokenGetsTheNegotiateHintAgain() throws Exception {
    AuthStep step = acceptor.newExchange("x").accept(new byte[0]);
    assertThat(step.responseToken()).isEqualTo(acceptor.negotiateToken());
    assertThat(step.result()).isEmpty();
  }

  @Test
  void kerberosFirstGetsARequestForNtlmssp() throws Exception {
    byte[] krb5 = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02};
    NtlmTestClient client = new NtlmTestClient("alice", "WORKGROUP", "Secret-Pass-1");
    client.mechTypesDer =
        Der.tlv(0x30, Der.tlv(0x06, krb5), Der.tlv(0x06, SpnegoTokens.NTLMSSP_OID));
    byte[] init =
        Der.tlv(
            0x60,
            Der.tlv(0x06, SpnegoTokens.SPNEGO_OID),
            Der.tlv(
                0xa0,
                Der.tlv(
                    0x30,
                    Der.tlv(0xa0, client.mechTypesDer),
                    Der.tlv(0xa2, Der.tlv(0x04, new byte[] {1, 2, 3})))));
    AuthExchange ex = acceptor.newExchange("10.0.0.7");
    AuthStep ask = ex.accept(init);
    SpnegoTokens.ClientResp askResp = SpnegoTokens.parseResp(ask.responseToken());
    assertThat(askResp.responseToken()).isEmpty();
    assertThat(HexFormat.of().formatHex(ask.responseToken())).contains("060a2b06010401823702020a");
    AuthStep chal =
        ex.accept(Der.tlv(0xa1, Der.tlv(0x30, Der.tlv(0xa2, Der.tlv(0x04, client.negotiate())))));
    AuthStep done = ex.accept(client.spnegoAuthenticate(chal.responseToken()));
    assertThat(done.result().orElseThrow().account()).isPresent();
    assertThat(SpnegoTokens.parseResp(done.responseToken()).mechListMic())
        .isEqualTo(client.mechListMic(false));
  }

  @Test
  void aClientWithoutNtlmsspIsRejected() {
    byte[] krb5 = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02};
    byte[] init =
        Der.tlv(
            0x60,
            Der.tlv(0x06, SpnegoTokens.SPNEGO_OID),
            Der.tlv(0xa0, Der.tlv(0x30, Der.tlv(0xa0, Der.tlv(0x30, Der.tlv(0x06, krb5))))));
    assertThatThrownBy(() -> acceptor.newExchange("x").accept(init))
        .isInstanceOfSatisfying(
            LogonFailedException.class,
            e ->
                assertThat(HexFormat.of().formatHex(e.responseToken()))
                    .isEqualTo("a1073005a0030a0102"));
  }

  @Test
  void wrongPasswordFailsAndCountsTowardLockout() throws Exception {
    NtlmTestClient client = new NtlmTestClient("alice", "WORKGROUP", "not-the-password");
    AuthExchange ex = acceptor.newExchange("10.0.0.8");
    AuthStep first = ex.accept(client.spnegoInit());
    assertThatThrownBy(() -> ex.accept(client.spnegoAuthenticate(first.responseToken())))
        .isInstanceOf(LogonFailedException.class)
        .hasMessageContaining("wrong password");
    assertThat(accounts.failures).containsExactly("alice@10.0.0.8");
    assertThat(accounts.successes).isEmpty();
  }

  @Test
  void unknownOrLockedUserFails() throws Exception {
    NtlmTestClient client = new NtlmTestClient("mallory", "WORKGROUP", "Secret-Pass-1");
    AuthExchange ex = acceptor.newExchange("10.0.0.9");
    byte[] challenge = ex.accept(client.negotiate()).responseToken();
    assertThatThrownBy(() -> ex.accept(client.authenticate(challenge)))
        .isInstanceOf(LogonFailedException.class)
        .hasMessageContaining("no usable SMB account");
    assertThat(accounts.failures).containsExactly("mallory@10.0.0.9");
  }

  @Test
  void tamperedMicFails() throws Exception {
    NtlmTestClient client = new NtlmTestClient("alice", "WORKGROUP", "Secret-Pass-1");
    AuthExchange ex = acceptor.newExchange("x");
    byte[] auth = client.authenticate(ex.accept(client.negotiate()).responseToken());
    auth[75] ^= 1;
    assertThatThrownBy(() -> ex.accept(auth))
        .isInstanceOf(LogonFailedException.class)
        .hasMessageContaining("MIC");
  }

  @Test
  void tamperedMechListMicFails() throws Exception {
    NtlmTestClient client = new NtlmTestClient("alice", "WORKGROUP", "Secret-Pass-1");
    AuthExchange ex = acceptor.newExchange("x");
    byte[] token = client.spnegoAuthenticate(ex.accept(client.spnegoInit()).responseToken());
    token[token.length - 3] ^= 1;
    assertThatThrownBy(() -> ex.accept(token))
        .isInstanceOf(LogonFailedException.class)
        .hasMessageContaining("mechListMIC");
  }

  @Test
  void ntlmV1AndLmOnlyResponsesAreRefused() throws Exception {
    NtlmTestClient client = new NtlmTestClient("alice", "WORKGROUP", "Secret-Pass-1");
    AuthExchange ex = acceptor.newExchange("x");
    ex.accept(client.negotiate());
    byte[] v1 = client.authenticateMessage(new byte[24], new byte[24], "alice", "W", new byte[0]);
    assertThatThrownBy(() -> ex.accept(v1)).hasMessageContaining("NTLMv1");

    AuthExchange ex2 = acceptor.newExchange("x");
    ex2.accept(client.negotiate());
    byte[] lmOnly =
        client.authenticateMessage(new byte[24], new byte[0], "alice", "W", new byte[0]);
    assertThatThrownBy(() -> ex2.accept(lmOnly))
        .isInstanceOf(LogonFailedException.class)
        .hasMessageContaining("LM");
  }

  @Test
  void anonymousLogonHasNoAccountAndAZeroKey() throws Exception {
    NtlmTestClient client = new NtlmTestClient("", "", "");
    client.flags |= NtlmFlags.NEGOTIATE_ANONYMOUS;
    AuthExchange ex = acceptor.newExchange("x");
    byte[] init = client.spnegoInit();
    byte[] challenge = SpnegoTokens.parseResp(ex.accept(init).responseToken()).responseToken();
    client.negotiatedFlags = Bytes.i32(challenge, 20);
    byte[] auth = client.authenticateMessage(new byte[0], new byte[0], "", "", new byte[0]);
    AuthStep step = ex.accept(Der.tlv(0xa1, Der.tlv(0x30, Der.tlv(0xa2, Der.tlv(0x04, auth)))));
    AuthResult r = step.result().orElseThrow();
    assertThat(r.anonymous()).isTrue();
    assertThat(r.account()).isEmpty();
    assertThat(r.sessionKey()).isEqualTo(new byte[16]);
    assertThat(accounts.successes).isEmpty();
    assertThat(accounts.failures).isEmpty();
  }

  @Test
  void challengeCarriesTargetInfoWithNamesAndTimestamp() throws Exception {
    NtlmTestClient client = new NtlmTestClient("alice", "", "x");
    byte[] challenge = acceptor.newExchange("x").accept(client.negotiate()).responseToken();
    int flags = Bytes.i32(challenge, 20);
    assertThat(flags & NtlmFlags.NEGOTIATE_TARGET_INFO).isNotZero();
    assertThat(flags & NtlmFlags.NEGOTIATE_KEY_EXCH).isNotZero();
    assertThat(flags & NtlmFlags.NEGOTIATE_LM_KEY).isZero();
    int off = Bytes.i32(challenge, 44);
    byte[] nb = AvPairs.find(challenge, off, AvPairs.NB_COMPUTER_NAME).orElseThrow();
    assertThat(new String(nb, java.nio.charset.StandardCharsets.UTF_16LE)).isEqualTo("KILN");
    byte[] dns = AvPairs.find(challenge, off, AvPairs.DNS_COMPUTER_NAME).orElseThrow();
    assertThat(new String(dns, java.nio.charset.StandardCharsets.UTF_16LE))
        .isEqualTo("kiln.example.org");
    byte[] ts = AvPairs.find(challenge, off, AvPairs.TIMESTAMP).orElseThrow();
    long filetime = Bytes.i32(ts, 0) & 0xffffffffL | (long) Bytes.i32(ts, 4) << 32;
    assertThat(filetime / 10_000 - 11_644_473_600_000L)
        .isEqualTo(Instant.parse("2026-12-03T10:00:00Z").toEpochMilli());
    assertThat(List.of(Arrays.copyOfRange(challenge, 0, 8))).containsExactly(NtlmServer.SIGNATURE);
  }
}
