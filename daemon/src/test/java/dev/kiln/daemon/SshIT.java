package dev.kiln.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.cli.state.RuntimeState;
import dev.kiln.testkit.InteropPeers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kiln serve} with its SSH service against the OpenSSH client: the CLI over ssh as the
 * logged-in user, keys managed through the CLI, roles, the lockout shared with the API, and a 1 GiB
 * SFTP round trip into the default pool.
 */
class SshIT {

  @TempDir static Path dataDir;

  static KilnProcess daemon;
  static String password;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    InteropPeers.require("ssh", "openssh-client");
    InteropPeers.require("sshpass", "sshpass");
    Files.writeString(
        dataDir.resolve("kiln.conf"),
        "listen.address = 127.0.0.1\nports.bsrapid = 0,0,0\nports.ssh = 0\nports.iscsi = 0,0\nports.nfs-rpc = 0\nports.nfs = 0\nports.smb = 0,0\nports.nfs-lockmgr = 0\n"
            + "pool.default.size = 4G\n");
    daemon = KilnProcess.start("serve", "--data-dir", dataDir.toString());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> daemon.printed("ready:") || !daemon.process().isAlive());
    assertThat(daemon.process().isAlive()).as(daemon.output()).isTrue();
    password = daemon.initialPassword();
    port = RuntimeState.read(dataDir).bound().get("ssh").getFirst();
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      daemon.terminate();
      daemon.close();
    }
  }

  record Result(int exit, String out, String err) {}

  static Result exec(List<String> command, String stdin) throws Exception {
    Path out = Files.createTempFile("ssh-it-out", ".txt");
    Path err = Files.createTempFile("ssh-it-err", ".txt");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try (var in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + command);
    }
    try {
      return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  static List<String> opts(String tool) {
    return new ArrayList<>(
        List.of(
            tool.equals("ssh") ? "-p" : "-P",
            Integer.toString(port),
            "-F",
            "/dev/null",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "IdentityAgent=none"));
  }

  /** ssh with a password through sshpass. */
  static Result sshPassword(String user, String pw, String stdin, String... remote)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of("sshpass", "-p", pw, "ssh"));
    cmd.addAll(opts("ssh"));
    cmd.addAll(
        List.of(
            "-o",
            "PreferredAuthentications=password",
            "-o",
            "PubkeyAuthentication=no",
            "-o",
            "NumberOfPasswordPrompts=1",
            user + "@127.0.0.1"));
    cmd.addAll(List.of(remote));
    return exec(cmd, stdin);
  }

  static Result sshKey(String user, Path key, String... remote) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ssh"));
    cmd.addAll(opts("ssh"));
    cmd.addAll(
        List.of(
            "-o",
            "BatchMode=yes",
            "-o",
            "PreferredAuthentications=publickey",
            "-o",
            "IdentitiesOnly=yes",
            "-i",
            key.toString(),
            user + "@127.0.0.1"));
    cmd.addAll(List.of(remote));
    return exec(cmd, null);
  }

  static Path keygen(String name) throws Exception {
    Path key = dataDir.resolve(name);
    assertThat(
            exec(
                    List.of(
                        "ssh-keygen",
                        "-q",
                        "-t",
                        "ed25519",
                        "-N",
                        "",
                        "-C",
                        name,
                        "-f",
                        key.toString()),
                    null)
                .exit())
        .isZero();
    return key;
  }

  @Test
  void hostKeysAreMadeAtFirstStartAndPrivate() throws Exception {
    Path dir = dataDir.resolve("identity").resolve("ssh");
    for (String k : List.of("ssh_host_ed25519_key", "ssh_host_ecdsa_key")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(k))))
          .isEqualTo("rw-------");
    }
    Result scan =
        exec(
            List.of(
                "ssh-keyscan", "-p", Integer.toString(port), "-t", "ed25519,ecdsa", "127.0.0.1"),
            null);
    assertThat(scan.out()).contains("ssh-ed25519").contains("ecdsa-sha2-nistp256");
  }

  @Test
  void kilnDatasetListOverSshParsesAsJson() throws Exception {
    Result r = sshPassword("admin", password, null, "kiln", "dataset", "list", "-o", "json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.findValuesAsText("name")).contains("tank");
  }

  @Test
  void interactiveShellRunsCommandLines() throws Exception {
    Result r = sshPassword("admin", password, "pool list\nkiln version\nexit\n");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("kiln>").contains("tank").contains("kiln ");
  }

  @Test
  void shellWithATerminalEchoesAndEditsTheLine() throws Exception {
    // -tt forces a pseudo-terminal: the shell echoes, handles backspace and ends lines with CR LF
    List<String> cmd = new ArrayList<>(List.of("sshpass", "-p", password, "ssh", "-tt"));
    cmd.addAll(opts("ssh"));
    cmd.addAll(
        List.of(
            "-o",
            "PreferredAuthentications=password",
            "-o",
            "PubkeyAuthentication=no",
            "admin@127.0.0.1"));
    Result r = exec(cmd, "pool lisx\u007ft\rexit\r");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("kiln> ").contains("tank").contains("\r\n");
  }

  @Test
  void keysAreManagedThroughTheCliAndWrongKeysAreRefused() throws Exception {
    Path key = keygen("id_admin");
    Path other = keygen("id_other");
    String pub = Files.readString(key.resolveSibling("id_admin.pub")).strip();
    Result add =
        sshPassword(
            "admin", password, null, "kiln", "user", "key", "add", "admin", "'" + pub + "'");
    assertThat(add.exit()).as(add.out() + add.err()).isZero();
    Result list = sshKey("admin", key, "kiln", "user", "key", "list", "admin");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out()).contains("id_admin");
    Result wrong = sshKey("admin", other, "kiln", "version");
    assertThat(wrong.exit()).isEqualTo(255);
    assertThat(wrong.err()).containsIgnoringCase("permission denied");
  }

  @Test
  void readonlyUserCannotWriteButAdminCan() throws Exception {
    Result mk =
        sshPassword(
            "admin",
            password,
            "correct-horse-battery-7\n",
            "kiln",
            "user",
            "create",
            "reader",
            "--role",
            "'*=readonly'");
    assertThat(mk.exit()).as(mk.out() + mk.err()).isZero();
    Path f = dataDir.resolve("small");
    Files.write(f, new byte[] {1, 2, 3});
    Result ro = sftpPassword("reader", "correct-horse-battery-7", "put " + f + " /tank/ro\n");
    assertThat(ro.exit()).isNotZero();
    assertThat(ro.err()).containsIgnoringCase("permission denied");
    Result cli =
        sshPassword(
            "reader", "correct-horse-battery-7", null, "kiln", "dataset", "create", "tank/nope");
    assertThat(cli.exit()).isNotZero();
    assertThat(cli.err()).contains("not allowed");
    Result rw = sftpPassword("admin", password, "put " + f + " /tank/rw\nls -l /tank\n");
    assertThat(rw.exit()).as(rw.err()).isZero();
    assertThat(rw.out()).contains("rw");
  }

  @Test
  void wrongPasswordsLockTheAccountForTheApiToo() throws Exception {
    Result mk =
        sshPassword(
            "admin", password, "stapler-orbit-lantern-3\n", "kiln", "user", "create", "victim");
    assertThat(mk.exit()).as(mk.out() + mk.err()).isZero();
    for (int i = 0; i < 5; i++) {
      assertThat(sshPassword("victim", "wrong-" + i, null, "kiln", "version").exit())
          .isEqualTo(255);
    }
    // the right password is refused now, over SSH and over the API
    assertThat(sshPassword("victim", "stapler-orbit-lantern-3", null, "kiln", "version").exit())
        .isEqualTo(255);
    Map<String, String> env =
        Map.of("KILN_CREDENTIALS", dataDir.resolve("victim-credentials.json").toString());
    KilnProcess login =
        KilnProcess.run(
            env,
            "stapler-orbit-lantern-3\n",
            "login",
            "--user",
            "victim",
            "--password-stdin",
            "--data-dir",
            dataDir.toString());
    assertThat(login.process().exitValue()).isEqualTo(1);
    assertThat(login.output()).contains("too many failed logins");
  }

  static Result sftpPassword(String user, String pw, String batch) throws Exception {
    Path b = Files.createTempFile(dataDir, "batch", ".txt");
    Files.writeString(b, batch);
    List<String> cmd = new ArrayList<>(List.of("sshpass", "-p", pw, "sftp"));
    cmd.addAll(opts("sftp"));
    cmd.addAll(
        List.of(
            "-o",
            "BatchMode=no",
            "-o",
            "PreferredAuthentications=password",
            "-o",
            "PubkeyAuthentication=no",
            "-b",
            b.toString(),
            user + "@127.0.0.1"));
    return exec(cmd, null);
  }

  @Test
  void oneGibibyteRoundTripIsByteIdentical() throws Exception {
    Path up = dataDir.resolve("gib.bin");
    Random r = new Random(42);
    byte[] buf = new byte[1 << 20];
    try (var out = Files.newOutputStream(up)) {
      for (int i = 0; i < 1024; i++) {
        r.nextBytes(buf);
        out.write(buf);
      }
    }
    Path down = dataDir.resolve("gib.back");
    Result t =
        sftpPassword("admin", password, "put " + up + " /tank/gib\nget /tank/gib " + down + "\n");
    assertThat(t.exit()).as(t.err()).isZero();
    assertThat(Files.size(down)).isEqualTo(1L << 30);
    assertThat(Files.mismatch(up, down)).isEqualTo(-1L);
    Files.delete(down);
    // The same gibibyte through the legacy SCP protocol (scp -O), up and down.
    Path scpDown = dataDir.resolve("gib.scp");
    for (List<String> transfer :
        List.of(
            List.of(up.toString(), "admin@127.0.0.1:/tank/gib-scp"),
            List.of("admin@127.0.0.1:/tank/gib-scp", scpDown.toString()))) {
      List<String> cmd = new ArrayList<>(List.of("sshpass", "-p", password, "scp", "-O"));
      cmd.addAll(opts("scp"));
      cmd.addAll(
          List.of(
              "-o",
              "BatchMode=no",
              "-o",
              "PreferredAuthentications=password",
              "-o",
              "PubkeyAuthentication=no"));
      cmd.addAll(transfer);
      Result scp = exec(cmd, null);
      assertThat(scp.exit()).as(scp.err()).isZero();
    }
    assertThat(Files.size(scpDown)).isEqualTo(1L << 30);
    assertThat(Files.mismatch(up, scpDown)).isEqualTo(-1L);
    Files.delete(up);
    Files.delete(scpDown);
  }
}
