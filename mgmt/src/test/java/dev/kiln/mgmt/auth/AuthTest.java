package dev.kiln.mgmt.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.mgmt.store.EmbeddedConfigStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T06:00:00Z"));
  private final SecureRandom random = new SecureRandom();

  @TempDir Path dir;

  @Test
  void rolesNestAndGrantsFallBackToTheWildcard() {
    assertThat(Role.ADMIN.includes(Role.OPERATOR)).isTrue();
    assertThat(Role.READONLY.includes(Role.OPERATOR)).isFalse();
    Grants g = new Grants(Map.of("*", Role.READONLY, "storage", Role.OPERATOR));
    assertThat(g.allows("storage", Role.OPERATOR)).isTrue();
    assertThat(g.allows("system", Role.OPERATOR)).isFalse();
    assertThat(g.allows("system", Role.READONLY)).isTrue();
    assertThat(Grants.none().allows("storage", Role.READONLY)).isFalse();
    assertThat(g.union(Grants.everywhere(Role.ADMIN)).allows("system", Role.ADMIN)).isTrue();
    assertThatThrownBy(() -> new Grants(Map.of("../x", Role.ADMIN)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void passwordPolicyNamesTheRule() {
    PasswordPolicy p = PasswordPolicy.defaults();
    assertThatThrownBy(() -> p.check("alice", "short".toCharArray()))
        .hasMessageContaining("at least 12");
    assertThatThrownBy(() -> p.check("alice", "xxAlice-is-great".toCharArray()))
        .hasMessageContaining("user name");
    assertThatThrownBy(() -> p.check("alice", "a".repeat(1025).toCharArray()))
        .hasMessageContaining("at most");
  }

  @Test
  void passwordPolicyAcceptsALongPassphrase() throws Exception {
    PasswordPolicy.defaults().check("alice", "correct horse battery staple".toCharArray());
    assertThat(PasswordPolicy.defaults().minLength()).isEqualTo(12);
  }

  @Test
  void repeatedFailuresLockTheAccountForAWhile() {
    LoginGuard guard = LoginGuard.defaults(clock);
    for (int i = 0; i < 4; i++) {
      assertThat(guard.failed("bob")).isFalse();
    }
    assertThat(guard.lockedUntil("bob")).isEmpty();
    assertThat(guard.failed("bob")).isTrue();
    assertThat(guard.lockedUntil("bob")).contains(clock.instant().plus(Duration.ofMinutes(15)));
    assertThat(guard.lockedUntil("carol")).isEmpty();
    clock.advance(Duration.ofMinutes(16));
    assertThat(guard.lockedUntil("bob")).isEmpty();
  }

  @Test
  void failuresOutsideTheWindowDoNotAddUp() {
    LoginGuard guard = LoginGuard.defaults(clock);
    for (int i = 0; i < 8; i++) {
      assertThat(guard.failed("bob")).isFalse();
      clock.advance(Duration.ofMinutes(4));
    }
    guard.succeeded("bob");
    assertThat(guard.lockedUntil("bob")).isEmpty();
  }

  private SessionTokens tokens() {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return new SessionTokens(key, clock, Duration.ofHours(1), random);
  }

  @Test
  void sessionTokensVerifyUntilExpiry() {
    SessionTokens t = tokens();
    String token = t.issue("alice");
    SessionTokens.Claims c = t.verify(token).orElseThrow();
    assertThat(c.user()).isEqualTo("alice");
    clock.advance(Duration.ofMinutes(59));
    assertThat(t.verify(token)).isPresent();
    clock.advance(Duration.ofMinutes(1));
    assertThat(t.verify(token)).isEmpty();
  }

  @Test
  void forgedTamperedRevokedAndForeignTokensAreRefused() {
    SessionTokens t = tokens();
    String token = t.issue("alice");
    String[] parts = token.split("\\.");
    String adminPayload =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                    .replace("alice", "admin")
                    .getBytes(StandardCharsets.UTF_8));
    assertThat(t.verify(parts[0] + "." + adminPayload + "." + parts[2])).isEmpty();
    assertThat(t.verify(token + "x")).isEmpty();
    assertThat(t.verify(tokens().issue("alice"))).as("another appliance's key").isEmpty();
    for (String junk : new String[] {null, "", "kiln1.", "kiln1..", "kiln1.a.b.c", "Bearer x"}) {
      assertThat(t.verify(junk)).isEmpty();
    }
    t.revoke(t.verify(token).orElseThrow().id());
    assertThat(t.verify(token)).isEmpty();
  }

  @Test
  void apiTokensAreStoredHashedAndRevocable() throws Exception {
    try (EmbeddedConfigStore store = EmbeddedConfigStore.open(dir)) {
      ApiTokens tokens = new ApiTokens(store, clock, random);
      ApiTokens.Created made = tokens.create("backup", "nightly job", null);
      assertThat(made.token()).startsWith("kiln_" + made.record().id() + "_");
      String secret = made.token().substring(made.token().lastIndexOf('_') + 1);
      assertThat(new String(store.list("/auth/tokens/").getFirst().value(), StandardCharsets.UTF_8))
          .doesNotContain(secret);
      assertThat(tokens.verify(made.token())).map(ApiTokens.TokenRecord::owner).contains("backup");
      assertThat(tokens.verify(made.token().substring(0, made.token().length() - 1) + "0"))
          .satisfiesAnyOf(
              r -> assertThat(r).isEmpty(), r -> assertThat(made.token()).endsWith("0"));
      assertThat(tokens.list("backup")).hasSize(1);
      assertThat(tokens.revoke(made.record().id())).isTrue();
      assertThat(tokens.verify(made.token())).isEmpty();
      assertThat(tokens.revoke(made.record().id())).isFalse();
    }
  }

  @Test
  void apiTokensExpire() throws Exception {
    try (EmbeddedConfigStore store = EmbeddedConfigStore.open(dir)) {
      ApiTokens tokens = new ApiTokens(store, clock, random);
      ApiTokens.Created made =
          tokens.create("ci", "short-lived", clock.instant().plus(Duration.ofDays(1)));
      assertThat(tokens.verify(made.token())).isPresent();
      clock.advance(Duration.ofDays(1));
      assertThat(tokens.verify(made.token())).isEmpty();
    }
  }
}
