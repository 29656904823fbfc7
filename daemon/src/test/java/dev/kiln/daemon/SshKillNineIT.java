package dev.kiln.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.cli.state.RuntimeState;
import dev.kiln.testkit.InteropPeers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files an SFTP client finished writing (the close, which Kiln commits, was acknowledged) survive
 * {@code kill -9} of the daemon.
 */
class SshKillNineIT {

  @TempDir Path dataDir;

  private KilnProcess serve() throws Exception {
    KilnProcess daemon = KilnProcess.start("serve", "--data-dir", dataDir.toString());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> daemon.printed("ready:") || !daemon.process().isAlive());
    assertThat(daemon.process().isAlive()).as(daemon.output()).isTrue();
    return daemon;
  }

  private SshIT.Result sftp(String password, String batch) throws Exception {
    int port = RuntimeState.read(dataDir).bound().get("ssh").getFirst();
    Path b = Files.createTempFile(dataDir, "batch", ".txt");
    Files.writeString(b, batch);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "sshpass",
                "-p",
                password,
                "sftp",
                "-P",
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
                "BatchMode=no",
                "-o",
                "PreferredAuthentications=password",
                "-o",
                "PubkeyAuthentication=no",
                "-b",
                b.toString(),
                "admin@127.0.0.1"));
    return SshIT.exec(cmd, null);
  }

  @Test
  void uploadedFilesSurviveKillNine() throws Exception {
    InteropPeers.require("sftp", "openssh-client");
    InteropPeers.require("sshpass", "sshpass");
    Files.writeString(
        dataDir.resolve("kiln.conf"),
        "listen.address = 127.0.0.1\nports.bsrapid = 0,0,0\nports.ssh = 0\nports.iscsi = 0,0\nports.nfs-rpc = 0\nports.nfs = 0\nports.smb = 0,0\nports.nfs-lockmgr = 0\n"
            + "pool.default.size = 1G\n");
    Random r = new Random(99);
    List<Path> files = new ArrayList<>();
    StringBuilder batch = new StringBuilder("mkdir /tank/kept\n");
    for (int i = 0; i < 5; i++) {
      byte[] data = new byte[1 + r.nextInt(3 << 20)];
      r.nextBytes(data);
      Path f = dataDir.resolve("up-" + i);
      Files.write(f, data);
      files.add(f);
      batch.append("put ").append(f).append(" /tank/kept/f").append(i).append('\n');
    }
    String password;
    try (KilnProcess daemon = serve()) {
      password = daemon.initialPassword();
      SshIT.Result up = sftp(password, batch.toString());
      assertThat(up.exit()).as(up.err()).isZero();
      daemon.process().toHandle().destroyForcibly(); // SIGKILL: no shutdown, no final sync
      daemon.process().waitFor();
    }
    try (KilnProcess daemon = serve()) {
      StringBuilder get = new StringBuilder();
      for (int i = 0; i < files.size(); i++) {
        get.append("get /tank/kept/f")
            .append(i)
            .append(' ')
            .append(dataDir.resolve("down-" + i))
            .append('\n');
      }
      SshIT.Result down = sftp(password, get.toString());
      assertThat(down.exit()).as(down.err()).isZero();
      for (int i = 0; i < files.size(); i++) {
        assertThat(Files.mismatch(files.get(i), dataDir.resolve("down-" + i)))
            .as("file %d", i)
            .isEqualTo(-1L);
      }
      daemon.terminate();
    }
  }
}
