package dev.kiln.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zpool/zfs-style commands of the built distribution against a data directory: pools on sparse
 * files, datasets, properties, snapshots, holds, clones, export/import, and the refusals an
 * administrator relies on.
 */
class StorageCliIT {

  @TempDir Path dataDir;

  private KilnProcess kiln(String... args) throws Exception {
    String[] full = new String[args.length + 2];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--data-dir";
    full[args.length + 1] = dataDir.toString();
    return KilnProcess.run(full);
  }

  private static int code(KilnProcess p) {
    return p.process().exitValue();
  }

  @Test
  void poolDatasetSnapshotLifecycle() throws Exception {
    KilnProcess created = kiln("pool", "create", "tank", "--size", "1G");
    assertThat(code(created)).as(created.output()).isZero();
    assertThat(Files.size(dataDir.resolve("pools/tank.img"))).isEqualTo(1L << 30);

    assertThat(code(kiln("dataset", "create", "-o", "compression=zstd", "tank/home"))).isZero();
    assertThat(code(kiln("dataset", "create", "tank/home/alice"))).isZero();
    assertThat(code(kiln("dataset", "create", "-V", "64M", "tank/vol"))).isZero();

    JsonNode list = new ObjectMapper().readTree(kiln("dataset", "list", "-o", "json").output());
    assertThat(list.findValuesAsText("name"))
        .containsExactly("tank", "tank/home", "tank/home/alice", "tank/vol");
    assertThat(list.get(3).get("type").asText()).isEqualTo("volume");

    String inherited = kiln("dataset", "get", "compression", "tank/home/alice").output();
    assertThat(inherited).contains("zstd").contains("inherited from tank/home");
    assertThat(code(kiln("dataset", "set", "atime=off", "tank/home"))).isZero();
    assertThat(kiln("dataset", "get", "atime", "tank/home").output())
        .contains("off")
        .contains("local");

    assertThat(code(kiln("snapshot", "create", "-r", "tank/home@monday"))).isZero();
    String snaps = kiln("snapshot", "list").output();
    assertThat(snaps).contains("tank/home@monday").contains("tank/home/alice@monday");

    assertThat(code(kiln("snapshot", "hold", "keep", "tank/home@monday"))).isZero();
    KilnProcess held = kiln("snapshot", "destroy", "tank/home@monday");
    assertThat(code(held)).isEqualTo(1);
    assertThat(held.output()).contains("held");
    assertThat(code(kiln("snapshot", "release", "keep", "tank/home@monday"))).isZero();

    assertThat(code(kiln("clone", "tank/home@monday", "tank/restore"))).isZero();
    KilnProcess origin = kiln("snapshot", "destroy", "tank/home@monday");
    assertThat(code(origin)).as("a cloned snapshot stays").isEqualTo(1);
    assertThat(code(kiln("dataset", "destroy", "tank/restore"))).isZero();
    assertThat(code(kiln("snapshot", "destroy", "tank/home@monday"))).isZero();

    assertThat(code(kiln("dataset", "rename", "tank/vol", "tank/lun0"))).isZero();
    assertThat(code(kiln("pool", "export", "tank"))).isZero();
    assertThat(kiln("pool", "list").output()).doesNotContain("tank");
    assertThat(code(kiln("pool", "import", "tank"))).isZero();
    assertThat(kiln("dataset", "list").output()).contains("tank/lun0").contains("tank/home/alice");

    KilnProcess scrub = kiln("pool", "scrub", "tank");
    assertThat(code(scrub)).as(scrub.output()).isZero();
    assertThat(scrub.output()).contains("0 error(s)");
    assertThat(kiln("pool", "status", "tank").output()).contains("ONLINE");
  }

  @Test
  void badInputIsRefusedClearly() throws Exception {
    assertThat(code(kiln("pool", "create", "tank", "--size", "256M"))).isZero();
    for (String bad : new String[] {"tank/../etc", "tank/a b", "tank//x", "other/x"}) {
      KilnProcess p = kiln("dataset", "create", bad);
      assertThat(code(p)).as(bad + ": " + p.output()).isEqualTo(1);
      assertThat(p.output()).startsWith("kiln dataset create:");
    }
    KilnProcess unknown = kiln("dataset", "create", "-o", "colour=red", "tank/x");
    assertThat(code(unknown)).isEqualTo(1);
    KilnProcess usage = kiln("dataset", "create");
    assertThat(code(usage)).isEqualTo(2);
    assertThat(kiln("dataset", "list").output()).doesNotContain("tank/x");
  }

  @Test
  void withTheDaemonRunningCommandsGoThroughItsApi() throws Exception {
    Files.writeString(
        dataDir.resolve("kiln.conf"),
        "listen.address = 127.0.0.1\nports.bsrapid = 0,0,0\nports.iscsi = 0,0\nports.nfs-rpc = 0\nports.nfs = 0\nports.smb = 0,0\nports.nfs-lockmgr = 0\nports.ssh = 0\npool.default.size = 512M\n");
    java.util.Map<String, String> env =
        java.util.Map.of("KILN_CREDENTIALS", dataDir.resolve("cli-credentials.json").toString());
    try (KilnProcess daemon = KilnProcess.start("serve", "--data-dir", dataDir.toString())) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> daemon.printed("ready:") || !daemon.process().isAlive());
      assertThat(daemon.output()).contains("created default pool tank");
      String password = daemon.initialPassword();
      String dir = dataDir.toString();

      KilnProcess anonymous = KilnProcess.run(env, null, "pool", "list", "--data-dir", dir);
      assertThat(code(anonymous)).isEqualTo(1);
      assertThat(anonymous.output()).contains("not logged in").contains("kiln login");

      KilnProcess wrong =
          KilnProcess.run(
              env, "not the password\n", "login", "--password-stdin", "--data-dir", dir);
      assertThat(code(wrong)).isEqualTo(1);
      KilnProcess login =
          KilnProcess.run(env, password + "\n", "login", "--password-stdin", "--data-dir", dir);
      assertThat(code(login)).as(login.output()).isZero();
      Path creds = dataDir.resolve("cli-credentials.json");
      assertThat(
              java.nio.file.attribute.PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(creds)))
          .isEqualTo("rw-------");
      assertThat(Files.readString(creds)).doesNotContain(password);

      KilnProcess pools =
          KilnProcess.run(env, null, "pool", "list", "-o", "json", "--data-dir", dir);
      assertThat(code(pools)).as(pools.output()).isZero();
      assertThat(new ObjectMapper().readTree(pools.output()).findValuesAsText("name"))
          .containsExactly("tank");
      assertThat(
              code(
                  KilnProcess.run(
                      env,
                      null,
                      "dataset",
                      "create",
                      "-o",
                      "compression=zstd",
                      "tank/web",
                      "--data-dir",
                      dir)))
          .isZero();
      assertThat(
              code(
                  KilnProcess.run(
                      env, null, "snapshot", "create", "tank/web@one", "--data-dir", dir)))
          .isZero();
      assertThat(KilnProcess.run(env, null, "snapshot", "list", "--data-dir", dir).output())
          .contains("tank/web@one");
      assertThat(
              KilnProcess.run(
                      env, null, "dataset", "get", "compression", "tank/web", "--data-dir", dir)
                  .output())
          .contains("zstd")
          .contains("local");
      // Every API resource has a command.
      KilnProcess mkuser =
          KilnProcess.run(
              env,
              "gentle harbor light\n",
              "user",
              "create",
              "viewer",
              "--role",
              "*=readonly",
              "--data-dir",
              dir);
      assertThat(code(mkuser)).as(mkuser.output()).isZero();
      JsonNode users =
          new ObjectMapper()
              .readTree(
                  KilnProcess.run(env, null, "user", "list", "-o", "json", "--data-dir", dir)
                      .output());
      assertThat(users.findValuesAsText("name")).contains("admin", "viewer");
      assertThat(KilnProcess.run(env, null, "system", "--data-dir", dir).output())
          .contains("version")
          .contains("uptimeSeconds");
      assertThat(KilnProcess.run(env, null, "service", "list", "--data-dir", dir).output())
          .contains("bsrapid")
          .contains("partial");
      assertThat(KilnProcess.run(env, null, "token", "create", "ci", "--data-dir", dir).output())
          .contains("kiln_");
      KilnProcess audit = KilnProcess.run(env, null, "audit", "--data-dir", dir);
      assertThat(code(audit)).isZero();
      assertThat(audit.output()).contains("user.create").contains("audit trail intact");
      java.util.Map<String, String> viewerEnv =
          java.util.Map.of(
              "KILN_CREDENTIALS", dataDir.resolve("viewer-credentials.json").toString());
      assertThat(
              code(
                  KilnProcess.run(
                      viewerEnv,
                      "gentle harbor light\n",
                      "login",
                      "--user",
                      "viewer",
                      "--password-stdin",
                      "--data-dir",
                      dir)))
          .isZero();
      KilnProcess denied =
          KilnProcess.run(viewerEnv, null, "dataset", "create", "tank/nope", "--data-dir", dir);
      assertThat(code(denied)).isEqualTo(1);
      assertThat(denied.output()).contains("not allowed");
      assertThat(code(KilnProcess.run(viewerEnv, null, "dataset", "list", "--data-dir", dir)))
          .isZero();

      KilnProcess local = KilnProcess.run(env, null, "pool", "create", "other", "--data-dir", dir);
      assertThat(code(local)).isEqualTo(1);
      assertThat(local.output()).contains("local operation");
      daemon.terminate();
    }
    assertThat(kiln("dataset", "list").output()).contains("tank/web");
  }
}
