package dev.kiln.smb.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The [MS-NLMP] 4.2.4 NTLMv2 known answers: User / Domain / Password, challenge 0123456789abcdef.
 */
class NtlmVectorsTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] SERVER_CHALLENGE = HEX.parseHex("0123456789abcdef");
  private static final byte[] CLIENT_CHALLENGE = HEX.parseHex("aaaaaaaaaaaaaaaa");
  private static final byte[] RANDOM_SESSION_KEY = HEX.parseHex("55555555555555555555555555555555");

  /** temp of 4.2.4.1.3 with the AV pairs of 4.2.4.3 (NetBIOS domain "Domain", server "Server"). */
  private static byte[] temp() {
    byte[] pairs =
        new AvPairs()
            .raw(AvPairs.NB_DOMAIN_NAME, "Domain".getBytes(StandardCharsets.UTF_16LE))
            .raw(AvPairs.NB_COMPUTER_NAME, "Server".getBytes(StandardCharsets.UTF_16LE))
            .encode();
    return NtlmServer.concat(
        HEX.parseHex("0101000000000000"),
        new byte[8],
        CLIENT_CHALLENGE,
        new byte[4],
        pairs,
        new byte[4]);
  }

  @Test
  void oneWayFunctionsMatchTheSpecification() {
    byte[] ntHash = NtlmCrypto.ntHash("Password".toCharArray());
    assertThat(HEX.formatHex(ntHash)).isEqualTo("a4f49c406510bdcab6824ee7c30fd852");
    byte[] key = NtlmCrypto.ntowfv2(ntHash, "User", "Domain");
    assertThat(HEX.formatHex(key)).isEqualTo("0c868a403bfd7a93a3001ef22ef02e3f");
    byte[] proof = NtlmCrypto.hmacMd5(key, SERVER_CHALLENGE, temp());
    assertThat(HEX.formatHex(proof)).isEqualTo("68cd0ab851e51c96aabc927bebef6a1c");
    byte[] sessionBaseKey = NtlmCrypto.hmacMd5(key, proof);
    assertThat(HEX.formatHex(sessionBaseKey)).isEqualTo("8de40ccadbc14a82f15cb0ad0de95ca3");
    assertThat(HEX.formatHex(NtlmCrypto.rc4(sessionBaseKey, RANDOM_SESSION_KEY)))
        .isEqualTo("c5dad2544fc9799094ce1ce90bc9d03e");
  }

  @Test
  void serverAcceptsTheSpecificationsAuthenticateAndRecoversTheSessionKey() throws Exception {
    TestAccounts accounts = new TestAccounts();
    accounts.users.put(
        "user",
        new SmbAccount(
            "user", 1000, java.util.List.of(), NtHash.of("Password".toCharArray()), false, false));
    NtlmServer server =
        new NtlmServer(
            accounts,
            NtlmTargetNames.forHost("server"),
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC),
            new FixedRandom(SERVER_CHALLENGE),
            "192.0.2.1");
    NtlmTestClient client = new NtlmTestClient("User", "Domain", "Password");
    byte[] challenge = server.challenge(client.negotiate());
    assertThat(java.util.Arrays.copyOfRange(challenge, 24, 32)).isEqualTo(SERVER_CHALLENGE);
    client.negotiatedFlags = Bytes.i32(challenge, 20);
    byte[] nt = NtlmServer.concat(HEX.parseHex("68cd0ab851e51c96aabc927bebef6a1c"), temp());
    byte[] auth =
        client.authenticateMessage(
            NtlmServer.concat(HEX.parseHex("86c35097ac9cec102554764a57cccc19"), CLIENT_CHALLENGE),
            nt,
            "User",
            "Domain",
            HEX.parseHex("c5dad2544fc9799094ce1ce90bc9d03e"));
    AuthResult result = server.authenticate(auth);
    assertThat(result.account()).map(SmbAccount::name).contains("user");
    assertThat(result.anonymous()).isFalse();
    assertThat(result.sessionKey()).isEqualTo(RANDOM_SESSION_KEY);
    assertThat(accounts.successes).containsExactly("user@192.0.2.1");
  }
}
