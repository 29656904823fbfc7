package dev.kiln.daemon.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.mgmt.auth.NtHash;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplianceIdentityTest {

  @TempDir Path dataDir;

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T06:00:00Z"), ZoneOffset.UTC);
  private final List<String> printed = new ArrayList<>();

  private ApplianceIdentity load() throws Exception {
    return ApplianceIdentity.loadOrCreate(
        dataDir,
        "nas1.example",
        Duration.ofDays(825),
        clock,
        new SecureRandom(),
        1_000, // fast for tests; the daemon uses PasswordHash.DEFAULT_ITERATIONS
        (user, password, file) -> printed.add(user + "/" + password));
  }

  @Test
  void certificateNamesHostLocalhostAndLoopbacks() throws Exception {
    X509Certificate cert = load().certificate();
    Collection<List<?>> sans = cert.getSubjectAlternativeNames();
    List<Object> values = sans.stream().map(l -> l.get(1)).map(Object.class::cast).toList();
    assertThat(values).contains("nas1.example", "localhost", "127.0.0.1");
    assertThat(values.stream().map(String::valueOf))
        .anyMatch(v -> v.equals("0:0:0:0:0:0:0:1") || v.equals("::1"));
    assertThat(cert.getNotAfter().toInstant())
        .isEqualTo(clock.instant().plus(Duration.ofDays(825)));
    cert.verify(cert.getPublicKey());
    assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
    assertThat(InetAddress.getByName("::1").isLoopbackAddress()).isTrue();
  }

  @Test
  void passwordIsRandomPrintedOnceAndStoredOnlyAsHash() throws Exception {
    ApplianceIdentity first = load();
    assertThat(printed).hasSize(1);
    String password = printed.getFirst().split("/", 2)[1];
    assertThat(password).hasSize(20).doesNotContain("admin");
    Path cred = dataDir.resolve("identity/admin.credential");
    assertThat(Files.readString(cred)).startsWith("admin:pbkdf2-sha256$").doesNotContain(password);
    assertThat(first.adminPasswordMatches(password.toCharArray())).isTrue();
    assertThat(first.adminPasswordMatches("admin".toCharArray())).isFalse();
    assertThat(first.adminNtHash()).isEqualTo(NtHash.of(password.toCharArray()));
    assertThat(Files.readString(cred)).endsWith(":" + first.adminNtHash() + "\n");

    ApplianceIdentity second = load();
    assertThat(printed).hasSize(1);
    assertThat(second.adminPasswordMatches(password.toCharArray())).isTrue();
    assertThat(second.adminNtHash()).isEqualTo(first.adminNtHash());
    assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
  }

  @Test
  void secretsAreOwnerOnly() throws Exception {
    load();
    Path dir = dataDir.resolve("identity");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    for (String f : List.of("tls-key.pem", "tls-cert.pem", "admin.credential")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f))))
          .as(f)
          .isEqualTo("rw-------");
    }
  }

  @Test
  void twoDataDirectoriesGetDifferentPasswords() throws Exception {
    SecureRandom random = new SecureRandom();
    assertThat(ApplianceIdentity.randomPassword(random))
        .isNotEqualTo(ApplianceIdentity.randomPassword(random));
  }

  @Test
  void damagedKeyFileIsAClearError() throws Exception {
    load();
    Files.writeString(dataDir.resolve("identity/tls-key.pem"), "garbage");
    assertThatThrownBy(this::load).hasMessageContaining("tls-key.pem");
  }
}
