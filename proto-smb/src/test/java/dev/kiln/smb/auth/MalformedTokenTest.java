package dev.kiln.smb.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Truncated, random and bit-flipped tokens end in a LogonFailedException and nothing else. */
class MalformedTokenTest {

  private final TestAccounts accounts = new TestAccounts().add("alice", "Secret-Pass-1");
  private final SpnegoAcceptor acceptor =
      new SpnegoAcceptor(
          accounts, NtlmTargetNames.forHost("kiln"), Clock.systemUTC(), new SecureRandom());

  /** Feeds {@code tokens} in order; the outcome is an AuthStep or a LogonFailedException. */
  private Outcome run(List<byte[]> tokens) {
    AuthExchange ex = acceptor.newExchange("fuzz");
    try {
      AuthStep last = null;
      for (byte[] t : tokens) {
        last = ex.accept(t);
      }
      return last != null && last.result().isPresent() ? Outcome.AUTHENTICATED : Outcome.PENDING;
    } catch (LogonFailedException e) {
      return Outcome.REFUSED;
    }
  }

  private enum Outcome {
    AUTHENTICATED,
    PENDING,
    REFUSED
  }

  private static LogonFailedException refusal(AuthExchange ex, byte[] token) {
    try {
      ex.accept(token);
    } catch (LogonFailedException e) {
      return e;
    }
    throw new AssertionError("accepted");
  }

  @Test
  void tokensThatDoNotParseAreMalformedAndWrongPasswordsAreNot() throws Exception {
    // SMB answers the first with STATUS_INVALID_PARAMETER, the second with a logon failure.
    assertThat(refusal(acceptor.newExchange("x"), new byte[] {0x60, 0x05, 1}).malformed()).isTrue();
    NtlmTestClient client = new NtlmTestClient("alice", "WORKGROUP", "Secret-Pass-1");
    AuthExchange ex = acceptor.newExchange("x");
    byte[] chal = ex.accept(client.spnegoInit()).responseToken();
    byte[] auth = client.spnegoAuthenticate(chal);
    assertThat(refusal(ex, Arrays.copyOf(auth, auth.length - 9)).malformed()).isTrue();
    NtlmTestClient wrong = new NtlmTestClient("alice", "WORKGROUP", "not-the-password");
    AuthExchange ex2 = acceptor.newExchange("x");
    byte[] chal2 = ex2.accept(wrong.spnegoInit()).responseToken();
    assertThat(refusal(ex2, wrong.spnegoAuthenticate(chal2)).malformed()).isFalse();
  }

  @Test
  void everyTruncationOfEveryTokenIsRefused() throws Exception {
    NtlmTestClient client = new NtlmTestClient("alice", "WORKGROUP", "Secret-Pass-1");
    byte[] init = client.spnegoInit();
    for (int len = 1; len < init.length; len++) {
      assertThat(run(List.of(Arrays.copyOf(init, len)))).isEqualTo(Outcome.REFUSED);
    }
    AuthExchange ex = acceptor.newExchange("x");
    byte[] resp = client.spnegoAuthenticate(ex.accept(client.spnegoInit()).responseToken());
    for (int len = 0; len < resp.length; len++) {
      AuthExchange e2 = acceptor.newExchange("x");
      byte[] chal = e2.accept(client.spnegoInit()).responseToken();
      client.spnegoAuthenticate(chal);
      byte[] cut = Arrays.copyOf(client.spnegoAuthenticate(chal), len);
      assertThatThrownBy(() -> e2.accept(cut)).isInstanceOf(LogonFailedException.class);
    }
    byte[] neg = client.negotiate();
    for (int len = 1; len < 16; len++) {
      assertThat(run(List.of(Arrays.copyOf(neg, len)))).isEqualTo(Outcome.REFUSED);
    }
  }

  @Test
  void truncatedRawAuthenticateIsRefused() throws Exception {
    NtlmTestClient client = new NtlmTestClient("alice", "WORKGROUP", "Secret-Pass-1");
    for (int len = 0; len < 200; len += 3) {
      AuthExchange ex = acceptor.newExchange("x");
      byte[] auth = client.authenticate(ex.accept(client.negotiate()).responseToken());
      byte[] cut = Arrays.copyOf(auth, Math.min(len, auth.length - 1));
      assertThatThrownBy(() -> ex.accept(cut)).isInstanceOf(LogonFailedException.class);
    }
  }

  @Test
  void randomTokensAreRefused() {
    Random random = new Random(42);
    for (int i = 0; i < 3000; i++) {
      byte[] junk = new byte[random.nextInt(300)];
      random.nextBytes(junk);
      if (i % 3 == 0 && junk.length > 0) {
        junk[0] = (byte) (i % 2 == 0 ? 0x60 : 0xa1); // look like SPNEGO to reach the DER parser
      }
      assertThat(run(List.of(junk))).isNotEqualTo(Outcome.AUTHENTICATED);
    }
  }

  @Test
  void bitFlipsNeverEscapeAsAnotherException() throws Exception {
    NtlmTestClient client = new NtlmTestClient("alice", "WORKGROUP", "Secret-Pass-1");
    Random random = new Random(7);
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      AuthExchange ex = acceptor.newExchange("x");
      byte[] chal = ex.accept(client.spnegoInit()).responseToken();
      byte[] token = client.spnegoAuthenticate(chal);
      int flips = 1 + random.nextInt(4);
      for (int f = 0; f < flips; f++) {
        token[random.nextInt(token.length)] ^= (byte) (1 << random.nextInt(8));
      }
      try {
        ex.accept(token);
        outcomes.add(Outcome.AUTHENTICATED);
      } catch (LogonFailedException e) {
        outcomes.add(Outcome.REFUSED);
      }
    }
    // Most flips hit the signed parts; the few in unsigned bytes (padding, reserved) may pass.
    assertThat(outcomes.stream().filter(o -> o == Outcome.REFUSED).count()).isGreaterThan(1000);
  }
}
