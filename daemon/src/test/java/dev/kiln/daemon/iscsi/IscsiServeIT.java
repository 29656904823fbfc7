package dev.kiln.daemon.iscsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.cli.remote.PinnedTls;
import dev.kiln.cli.state.RuntimeState;
import dev.kiln.daemon.KilnProcess;
import dev.kiln.testkit.InteropPeers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `kiln serve` exports engine volumes over iSCSI: independent initiators (libiscsi, qemu) see the
 * volume, the conformance suite passes over the real engine, writes acknowledged after SYNCHRONIZE
 * CACHE or with FUA survive `kill -9` of the daemon, and the LUN identity (serial, NAA) is the same
 * after the restart.
 */
class IscsiServeIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;
  @TempDir Path work;

  private record Api(HttpClient http, String base, String token) {
    HttpResponse<String> call(String method, String path, String body) throws Exception {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(base + path))
              .header("Authorization", "Bearer " + token);
      b.method(
          method,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body));
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  private record Run(int exit, String output) {}

  private Run run(long seconds, String... cmd) throws Exception {
    Path out = Files.createTempFile(work, "peer", ".log");
    Process p =
        new ProcessBuilder(cmd)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      fail(
          "%s did not finish in %d s: %s",
          List.of(cmd), seconds, new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1));
    }
    return new Run(p.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1));
  }

  private Api connect(KilnProcess kiln, String password) throws Exception {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> kiln.printed("ready:") || !kiln.process().isAlive());
    assertThat(kiln.process().isAlive()).as(kiln.output()).isTrue();
    int port = RuntimeState.read(dataDir).bound().get("bsrapid").get(1);
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(
                PinnedTls.trusting(Files.readString(dataDir.resolve("identity/tls-cert.pem"))))
            .build();
    String base = "https://localhost:" + port;
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> login =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/login"))
                .header("Authorization", basic)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    return new Api(http, base, JSON.readTree(login.body()).get("token").asText());
  }

  private String lunUrl() throws Exception {
    int port = RuntimeState.read(dataDir).bound().get("iscsi").get(0);
    return "iscsi://127.0.0.1:" + port + "/iqn.2026-12.dev.kiln:tank.vol1/0";
  }

  @Test
  void engineVolumeOverIscsiSurvivesKillNine() throws Exception {
    InteropPeers.require("iscsi-inq", "libiscsi-bin");
    InteropPeers.require("qemu-io", "qemu-utils");
    Files.writeString(
        dataDir.resolve("kiln.conf"),
        "listen.address = 127.0.0.1\nports.bsrapid = 0,0,0\nports.iscsi = 0,0\nports.nfs-rpc = 0\nports.nfs = 0\nports.smb = 0,0\nports.nfs-lockmgr = 0\nports.ssh = 0\n"
            + "pool.default.size = 2G\n");
    String password;
    String identityBefore;
    List<String> checks = new ArrayList<>();
    try (KilnProcess kiln = KilnProcess.start("serve", "--data-dir", dataDir.toString())) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> kiln.printed("Initial administrator:") || !kiln.process().isAlive());
      password = kiln.initialPassword();
      Api api = connect(kiln, password);
      HttpResponse<String> created =
          api.call(
              "POST",
              "/api/v1/datasets",
              "{\"name\":\"tank/vol1\",\"type\":\"volume\",\"properties\":{\"volsize\":\"256M\"}}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      JsonNode volume = JSON.readTree(created.body());
      String serial = Long.toHexString(Long.parseUnsignedLong(volume.get("guid").asText()));
      String url = lunUrl();

      Run ls = run(60, "iscsi-ls", "-s", "iscsi://127.0.0.1:" + url.split("[:/]")[4] + "/");
      assertThat(ls.output()).contains("Target:iqn.2026-12.dev.kiln:tank.vol1").contains("Lun:0");
      identityBefore = identity(url);
      assertThat(identityBefore).contains(serial);

      // The conformance suite over the engine volume, bounded to the block-data families.
      Run cu =
          run(
              300,
              "iscsi-test-cu",
              "-t",
              "SCSI.Read10,SCSI.Write10,SCSI.Write16,SCSI.WriteSame16,SCSI.Unmap,"
                  + "SCSI.CompareAndWrite,SCSI.Verify16,SCSI.SynchronizeCache10,"
                  + "SCSI.ProutReserve",
              "--dataloss",
              "-i",
              "iqn.2026-12.dev.kiln:serve-it",
              url);
      assertThat(cu.output())
          .as(cu.output())
          .containsPattern("tests\\s+\\d+\\s+\\d+\\s+\\d+\\s+0\\b");

      // Acknowledged stable writes: flushed (SYNCHRONIZE CACHE) and FUA, in rounds.
      for (int round = 0; round < 3; round++) {
        long base = round * 16L << 20;
        String flushed = "write -P 0x%x %d 4M".formatted(0x10 + round, base);
        String fua = "write -f -P 0x%x %d 1M".formatted(0x40 + round, base + (8 << 20));
        Run w = run(120, "qemu-io", "-f", "raw", "-c", flushed, "-c", "flush", "-c", fua, url);
        assertThat(w.exit()).as(w.output()).isZero();
        checks.add("read -P 0x%x %d 4M".formatted(0x10 + round, base));
        checks.add("read -P 0x%x %d 1M".formatted(0x40 + round, base + (8 << 20)));
      }
      // Unflushed load in another region while the daemon is killed.
      Process load =
          new ProcessBuilder(
                  "qemu-io",
                  "-f",
                  "raw",
                  "-c",
                  "write -P 0x99 128M 64M",
                  "-c",
                  "write 64M 32M",
                  url)
              .redirectErrorStream(true)
              .redirectOutput(work.resolve("load.log").toFile())
              .start();
      kiln.process().toHandle().destroyForcibly();
      kiln.process().waitFor();
      load.waitFor(60, TimeUnit.SECONDS);
      load.destroyForcibly();
    }

    // The restarted daemon also registers its targets with an iSNS server (RFC 4171).
    Process isnsd = startIsnsd();
    Files.writeString(
        dataDir.resolve("kiln.conf"),
        "iscsi.isns-server = 127.0.0.1:" + isnsPort + "\n",
        java.nio.file.StandardOpenOption.APPEND);
    try (KilnProcess again = KilnProcess.start("serve", "--data-dir", dataDir.toString())) {
      Api api = connect(again, password);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(isnsDump().output())
                      .contains("iSCSI name = \"iqn.2026-12.dev.kiln:tank.vol1\"")
                      .contains("iSCSI node type = Target"));
      String url = lunUrl();
      List<String> cmd = new ArrayList<>(List.of("qemu-io", "-f", "raw"));
      for (String c : checks) {
        cmd.add("-c");
        cmd.add(c);
      }
      cmd.add(url);
      Run r = run(120, cmd.toArray(String[]::new));
      assertThat(r.exit()).as(r.output()).isZero();
      assertThat(r.output()).doesNotContain("Pattern verification failed");
      assertThat(r.output().lines().filter(l -> l.startsWith("read ")).count())
          .isEqualTo(checks.size());
      // Same serial and NAA designator after the restart.
      assertThat(identity(url)).isEqualTo(identityBefore);
      // volsize grows the LUN (READ CAPACITY sees it at once); shrinking is refused.
      HttpResponse<String> grown =
          api.call(
              "PATCH", "/api/v1/datasets/tank%2Fvol1", "{\"properties\":{\"volsize\":\"512M\"}}");
      assertThat(grown.statusCode()).as(grown.body()).isEqualTo(200);
      Run cap = run(60, "iscsi-readcapacity16", url);
      assertThat(cap.output()).as(cap.output()).contains("Total size:536870912");
      HttpResponse<String> shrunk =
          api.call(
              "PATCH", "/api/v1/datasets/tank%2Fvol1", "{\"properties\":{\"volsize\":\"128M\"}}");
      assertThat(shrunk.statusCode()).as(shrunk.body()).isEqualTo(422);
      Run grownData = run(120, "qemu-io", "-f", "raw", "-c", "write -P 0x77 400M 1M", url);
      assertThat(grownData.exit()).as(grownData.output()).isZero();
      again.terminate();
      // Stopping withdraws the registration.
      assertThat(isnsDump().output()).doesNotContain("iqn.2026-12.dev.kiln:tank.vol1");
    } finally {
      isnsd.destroy();
      isnsd.waitFor();
    }
  }

  private int isnsPort;

  private Process startIsnsd() throws Exception {
    InteropPeers.require("isnsd", "open-isns-server");
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      isnsPort = s.getLocalPort();
    }
    Path isns = Files.createDirectories(work.resolve("isns"));
    Files.createDirectories(isns.resolve("db"));
    Files.writeString(
        isns.resolve("isnsd.conf"),
        String.join(
            "\n",
            "ServerAddress = 127.0.0.1:" + isnsPort,
            "BindAddress = 127.0.0.1:" + isnsPort,
            "Database = " + isns.resolve("db"),
            "ControlSocket = " + isns.resolve("control"),
            "PIDFile = " + isns.resolve("isnsd.pid"),
            "Security = 0",
            "SLPRegister = 0",
            ""));
    Process p =
        new ProcessBuilder(
                "isnsd", "--config", isns.resolve("isnsd.conf").toString(), "--foreground")
            .redirectErrorStream(true)
            .redirectOutput(isns.resolve("isnsd.log").toFile())
            .start();
    int port = isnsPort;
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> {
              new java.net.Socket("127.0.0.1", port).close();
              return true;
            });
    return p;
  }

  private Run isnsDump() throws Exception {
    return run(60, "isnsd", "--config", work.resolve("isns/isnsd.conf").toString(), "--dump-db");
  }

  @Test
  void targetsAclsAndChapManagedThroughTheCli() throws Exception {
    InteropPeers.require("iscsi-ls", "libiscsi-bin");
    Files.writeString(
        dataDir.resolve("kiln.conf"),
        "listen.address = 127.0.0.1\nports.bsrapid = 0,0,0\nports.iscsi = 0,0\nports.nfs-rpc = 0\nports.nfs = 0\nports.smb = 0,0\nports.nfs-lockmgr = 0\nports.ssh = 0\n"
            + "pool.default.size = 1G\n");
    String allowed = "iqn.2026-12.dev.kiln:allowed-host";
    String managed = "iqn.2026-12.dev.kiln:managed";
    try (KilnProcess kiln = KilnProcess.start("serve", "--data-dir", dataDir.toString())) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> kiln.printed("Initial administrator:") || !kiln.process().isAlive());
      String password = kiln.initialPassword();
      Api api = connect(kiln, password);
      for (String v : new String[] {"tank/vol1", "tank/vol2"}) {
        HttpResponse<String> created =
            api.call(
                "POST",
                "/api/v1/datasets",
                "{\"name\":\""
                    + v
                    + "\",\"type\":\"volume\",\"properties\":{\"volsize\":\"32M\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      }
      int port = RuntimeState.read(dataDir).bound().get("iscsi").get(0);
      String portal = "iscsi://127.0.0.1:" + port + "/";
      // Nothing configured: every volume is a target of its own.
      assertThat(run(60, "iscsi-ls", portal).output())
          .contains("iqn.2026-12.dev.kiln:tank.vol1")
          .contains("iqn.2026-12.dev.kiln:tank.vol2");

      String dir = dataDir.toString();
      java.util.Map<String, String> env =
          java.util.Map.of("KILN_CREDENTIALS", work.resolve("cli-credentials.json").toString());
      KilnProcess login =
          KilnProcess.run(env, password + "\n", "login", "--password-stdin", "--data-dir", dir);
      assertThat(login.process().exitValue()).as(login.output()).isZero();
      Path secret = work.resolve("chap.secret");
      Files.writeString(secret, "chap-secret-0123\n");
      KilnProcess create =
          KilnProcess.run(
              env,
              null,
              "iscsi",
              "target",
              "create",
              managed,
              "--lun",
              "0=tank/vol1",
              "--lun",
              "5=tank/vol2",
              "--initiator",
              allowed,
              "--chap-user",
              "host1",
              "--chap-secret-file",
              secret.toString(),
              "--data-dir",
              dir);
      assertThat(create.process().exitValue()).as(create.output()).isZero();
      KilnProcess list = KilnProcess.run(env, null, "iscsi", "target", "list", "--data-dir", dir);
      assertThat(list.output()).contains(managed).contains("host1").doesNotContain("chap-secret");
      HttpResponse<String> got = api.call("GET", "/api/v1/iscsi/targets/" + managed, null);
      assertThat(got.body()).contains("5=tank/vol2").doesNotContain("chap-secret");

      // Only the configured target now, to the allowed initiator with the CHAP secret.
      String withChap = "iscsi://host1%chap-secret-0123@127.0.0.1:" + port + "/";
      Run ls = run(60, "iscsi-ls", "-s", "-i", allowed, withChap);
      assertThat(ls.output())
          .contains("Target:" + managed)
          .contains("Lun:0")
          .contains("Lun:5")
          .doesNotContain("tank.vol2");
      Run stranger =
          run(60, "iscsi-inq", "-i", "iqn.2026-12.dev.kiln:stranger", withChap + managed + "/0");
      assertThat(stranger.exit()).as(stranger.output()).isNotZero();
      Run wrong =
          run(
              60,
              "iscsi-inq",
              "-i",
              allowed,
              "iscsi://host1%not-the-secret@127.0.0.1:" + port + "/" + managed + "/0");
      assertThat(wrong.exit()).as(wrong.output()).isNotZero();
      Run ok = run(60, "iscsi-inq", "-i", allowed, withChap + managed + "/5");
      assertThat(ok.exit()).as(ok.output()).isZero();

      KilnProcess delete =
          KilnProcess.run(env, null, "iscsi", "target", "delete", managed, "--data-dir", dir);
      assertThat(delete.process().exitValue()).as(delete.output()).isZero();
      assertThat(run(60, "iscsi-ls", portal).output()).contains("iqn.2026-12.dev.kiln:tank.vol2");
      kiln.terminate();
    }
  }

  /** VPD pages 0x80 and 0x83 as iscsi-inq prints them. */
  private String identity(String url) throws Exception {
    Run serial = run(60, "iscsi-inq", "-e", "1", "-c", "128", url);
    Run ids = run(60, "iscsi-inq", "-e", "1", "-c", "131", url);
    assertThat(serial.exit()).as(serial.output()).isZero();
    assertThat(ids.exit()).as(ids.output()).isZero();
    assertThat(ids.output()).contains("NAA");
    return serial.output() + ids.output();
  }
}
