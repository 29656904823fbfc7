package dev.kiln.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.cli.remote.PinnedTls;
import dev.kiln.cli.state.DataDirLock;
import dev.kiln.cli.state.RuntimeState;
import dev.kiln.testkit.InteropPeers;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `kiln serve` as a real process: first start, identity, health over HTTPS checked by curl, the
 * HTTP redirect, `kiln ports` against the running daemon, a second daemon refused, SIGTERM, and a
 * restart that keeps the identity.
 */
class ServeIT {

  private static final Duration START_LIMIT = Duration.ofSeconds(60);

  @TempDir Path dataDir;

  @Test
  void servesStopsAndRestartsWithTheSameIdentity() throws Exception {
    Path curl = InteropPeers.require("curl", "curl");
    // Ephemeral ports so the test never collides with a running appliance.
    Files.writeString(
        dataDir.resolve("kiln.conf"),
        "listen.address = 127.0.0.1\nports.bsrapid = 0,0,0\nports.iscsi = 0,0\nports.nfs-rpc = 0\nports.nfs = 0\nports.smb = 0,0\nports.nfs-lockmgr = 0\nports.ssh = 0\n");

    String password;
    String fingerprint;
    try (KilnProcess kiln = KilnProcess.start("serve", "--data-dir", dataDir.toString())) {
      long t0 = System.nanoTime();
      await().atMost(START_LIMIT).until(() -> kiln.printed("ready:") || !kiln.process().isAlive());
      assertThat(kiln.process().isAlive()).as(kiln.output()).isTrue();
      System.out.printf("kiln serve ready in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

      // Identity: the password is printed once, stored hashed, owner-only.
      password = kiln.initialPassword();
      assertThat(password).hasSize(20);
      Path identity = dataDir.resolve("identity");
      assertThat(Files.readString(identity.resolve("admin.credential"))).doesNotContain(password);
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(identity.resolve("tls-key.pem"))))
          .isEqualTo("rw-------");
      assertThat(Files.readString(dataDir.resolve("logs/kiln.log"))).doesNotContain(password);

      RuntimeState state = RuntimeState.read(dataDir);
      List<Integer> bound = state.bound().get("bsrapid");
      assertThat(bound).hasSize(3).allMatch(p -> p > 0);
      int http = bound.get(0);
      int https = bound.get(1);
      int https2 = bound.get(2);

      // curl, an independent TLS client, verifies the certificate for localhost and 127.0.0.1.
      for (String url :
          List.of(
              "https://localhost:" + https + "/api/v1/health",
              "https://127.0.0.1:" + https2 + "/api/v1/health")) {
        Process c =
            new ProcessBuilder(
                    curl.toString(),
                    "-sS",
                    "--fail",
                    "--cacert",
                    identity.resolve("tls-cert.pem").toString(),
                    url)
                .redirectErrorStream(true)
                .start();
        String body = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(c.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(c.exitValue()).as(body).isZero();
        JsonNode doc = new ObjectMapper().readTree(body);
        assertThat(doc.get("status").asText()).isEqualTo("UP");
      }

      // curl logs in as the initial administrator and reads the system document with the token.
      String token =
          new ObjectMapper()
              .readTree(
                  curl(
                      curl,
                      identity,
                      "-X",
                      "POST",
                      "-u",
                      "admin:" + password,
                      "https://localhost:" + https + "/api/v1/login"))
              .get("token")
              .asText();
      JsonNode system =
          new ObjectMapper()
              .readTree(
                  curl(
                      curl,
                      identity,
                      "-H",
                      "Authorization: Bearer " + token,
                      "https://localhost:" + https + "/api/v1/system"));
      assertThat(system.at("/services/mgmt-http/state").asText()).isEqualTo("UP");
      assertThat(system.at("/services/config/state").asText()).isEqualTo("UP");
      assertThat(system.get("hostname").asText()).isNotBlank();
      Process denied =
          new ProcessBuilder(
                  curl.toString(),
                  "-sS",
                  "-o",
                  "/dev/null",
                  "-w",
                  "%{http_code}",
                  "--cacert",
                  identity.resolve("tls-cert.pem").toString(),
                  "https://localhost:" + https + "/api/v1/system")
              .start();
      assertThat(new String(denied.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("401");

      // Plain HTTP only redirects to HTTPS.
      HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
      HttpResponse<String> redirect =
          plain.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/ui/x?y=1")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(redirect.statusCode()).isEqualTo(308);
      assertThat(redirect.headers().firstValue("Location"))
          .contains("https://127.0.0.1:" + https + "/ui/x?y=1");

      // The JDK client trusting only the appliance certificate: unknown paths are problems.
      HttpClient tls =
          HttpClient.newBuilder().sslContext(trusting(identity.resolve("tls-cert.pem"))).build();
      HttpResponse<String> missing =
          tls.send(
              HttpRequest.newBuilder(URI.create("https://localhost:" + https + "/nope")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.headers().firstValue("Content-Type")).contains("application/problem+json");

      // `kiln ports` sees the running daemon's bound ports.
      KilnProcess ports = KilnProcess.run("ports", "--data-dir", dataDir.toString());
      assertThat(ports.process().exitValue()).isZero();
      String row =
          ports
              .output()
              .lines()
              .filter(l -> l.startsWith("80, 443, 8443"))
              .findFirst()
              .orElseThrow();
      assertThat(row).contains(http + ", " + https + ", " + https2).contains("listening");
      assertThat(ports.output()).contains("Daemon: running, pid " + kiln.process().pid());

      // A second daemon on the same data directory is refused and changes nothing.
      KilnProcess second = KilnProcess.run("serve", "--data-dir", dataDir.toString());
      assertThat(second.process().exitValue()).isEqualTo(1);
      assertThat(second.output())
          .contains("already running on data directory " + dataDir)
          .contains("pid " + kiln.process().pid());
      assertThat(RuntimeState.read(dataDir)).isEqualTo(state);

      // An administrator installs another certificate; curl then trusts only the new one.
      Path other = dataDir.resolve("other-identity");
      dev.kiln.daemon.identity.ApplianceIdentity.loadOrCreate(
          other,
          "localhost",
          java.time.Duration.ofDays(30),
          java.time.Clock.systemUTC(),
          new java.security.SecureRandom(),
          1_000,
          (u, p, f) -> {});
      String newCert = Files.readString(other.resolve("identity/tls-cert.pem"));
      String newKey = Files.readString(other.resolve("identity/tls-key.pem"));
      String oldKey = Files.readString(identity.resolve("tls-key.pem"));
      HttpClient admin =
          HttpClient.newBuilder().sslContext(trusting(identity.resolve("tls-cert.pem"))).build();
      java.util.function.BiFunction<String, String, HttpResponse<String>> put =
          (cert, key) -> {
            try {
              String body =
                  new ObjectMapper()
                      .writeValueAsString(java.util.Map.of("certificate", cert, "privateKey", key));
              return admin.send(
                  HttpRequest.newBuilder(
                          URI.create("https://localhost:" + https + "/api/v1/system/certificate"))
                      .header("Authorization", "Bearer " + token)
                      .PUT(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          };
      assertThat(put.apply("garbage", newKey).statusCode()).isEqualTo(400);
      assertThat(put.apply(newCert, oldKey).body()).contains("does not belong");
      HttpResponse<String> installed = put.apply(newCert, newKey);
      assertThat(installed.statusCode()).as(installed.body()).isEqualTo(200);
      Files.writeString(dataDir.resolve("new-cert.pem"), newCert);
      Process verified =
          new ProcessBuilder(
                  curl.toString(),
                  "-sS",
                  "--fail",
                  "--cacert",
                  dataDir.resolve("new-cert.pem").toString(),
                  "https://localhost:" + https + "/api/v1/health")
              .redirectErrorStream(true)
              .start();
      String verifiedOut =
          new String(verified.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(verified.waitFor()).as(verifiedOut).isZero();
      assertThat(Files.readString(identity.resolve("tls-cert.pem"))).isEqualTo(newCert);

      fingerprint = fingerprint(identity.resolve("tls-cert.pem"));

      // SIGTERM: services stop in reverse order, state is removed, the lock is released.
      int code = kiln.terminate();
      assertThat(code).isIn(0, 143);
      assertThat(kiln.output()).as("output after SIGTERM").contains("stopped");
      assertThat(kiln.output()).contains("service mgmt-http stopped");
      assertThat(Files.exists(RuntimeState.file(dataDir))).isFalse();
      assertThat(DataDirLock.isHeld(dataDir)).isFalse();
    }

    String log = Files.readString(dataDir.resolve("logs/kiln.log"));
    JsonNode first = new ObjectMapper().readTree(log.lines().findFirst().orElseThrow());
    assertThat(first.has("level")).isTrue();
    assertThat(first.has("formattedMessage")).isTrue();

    try (KilnProcess again = KilnProcess.start("serve", "--data-dir", dataDir.toString())) {
      await()
          .atMost(START_LIMIT)
          .until(() -> again.printed("ready:") || !again.process().isAlive());
      assertThat(again.output()).doesNotContain("Initial administrator").doesNotContain(password);
      assertThat(fingerprint(dataDir.resolve("identity/tls-cert.pem"))).isEqualTo(fingerprint);
      again.terminate();
    }
  }

  private static String curl(Path curl, Path identity, String... args) throws Exception {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                curl.toString(),
                "-sS",
                "--fail",
                "--cacert",
                identity.resolve("tls-cert.pem").toString()));
    cmd.addAll(List.of(args));
    Process c = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(c.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(c.exitValue()).as(out).isZero();
    return out;
  }

  private static SSLContext trusting(Path pem) throws Exception {
    return PinnedTls.trusting(Files.readString(pem));
  }

  private static X509Certificate certificate(Path pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
  }

  private static String fingerprint(Path pem) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(certificate(pem).getEncoded()));
  }
}
