package dev.kiln.daemon.nfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.daemon.KilnProcess;
import dev.kiln.testkit.InteropPeers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `kiln serve` against the real NFS clients of Debian: rpcinfo and showmount (rpcbind, nfs-common),
 * libnfs's nfs-cp/nfs-cat/nfs-ls (libnfs-utils) and qemu-io over nfs:// (qemu-utils,
 * qemu-block-extra). Shares are made through the CLI and the REST API, as an administrator would.
 */
class NfsInteropIT {

  @TempDir static Path dataDir;
  @TempDir static Path work;
  private static KilnProcess daemon;
  private static Map<String, String> env;

  private static KilnProcess kiln(String... args) throws Exception {
    String[] full = new String[args.length + 2];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--data-dir";
    full[args.length + 1] = dataDir.toString();
    KilnProcess p = KilnProcess.run(env, null, full);
    assertThat(p.process().exitValue()).as(p.output()).isZero();
    return p;
  }

  @BeforeAll
  static void startKiln() throws Exception {
    InteropPeers.require("nfs-cp", "libnfs-utils");
    Files.writeString(
        dataDir.resolve("kiln.conf"),
        "listen.address = 127.0.0.1\nports.bsrapid = 0,0,0\nports.iscsi = 0,0\nports.ssh = 0\nports.nfs = 0\nports.smb = 0,0\n"
            + "ports.nfs-lockmgr = 0\npool.default.size = 4G\nnfs.grace-period-seconds = 0\n");
    env = Map.of("KILN_CREDENTIALS", dataDir.resolve("cli-credentials.json").toString());
    daemon = KilnProcess.start("serve", "--data-dir", dataDir.toString());
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> daemon.printed("ready:") || !daemon.process().isAlive());
    assertThat(daemon.process().isAlive()).as(daemon.output()).isTrue();
    KilnProcess login =
        KilnProcess.run(
            env,
            daemon.initialPassword() + "\n",
            "login",
            "--password-stdin",
            "--data-dir",
            dataDir.toString());
    assertThat(login.process().exitValue()).as(login.output()).isZero();
    kiln("dataset", "create", "-o", "sharenfs=rw,no_root_squash", "tank/share");
    kiln("dataset", "create", "-o", "sharenfs=rw=@10.0.0.0/8", "tank/elsewhere");
  }

  @AfterAll
  static void stopKiln() {
    if (daemon != null) {
      daemon.close();
    }
  }

  private static String run(List<String> command, Path stdin, Path stdout) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(stdout == null);
    if (stdin != null) {
      pb.redirectInput(stdin.toFile());
    }
    if (stdout != null) {
      pb.redirectOutput(stdout.toFile());
      pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    }
    Process p = pb.start();
    String out = stdout == null ? new String(p.getInputStream().readAllBytes()) : "";
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as("%s: %s", command, out).isZero();
    return out;
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 20];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static Path randomFile(Path dir, String name, long size) throws IOException {
    Path f = dir.resolve(name);
    Random random = new Random(size);
    byte[] buf = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(f)) {
      for (long left = size; left > 0; ) {
        random.nextBytes(buf);
        int n = (int) Math.min(buf.length, left);
        out.write(buf, 0, n);
        left -= n;
      }
    }
    return f;
  }

  @Test
  void rpcinfoAndShowmountSeeEveryProgramAndExport() throws Exception {
    InteropPeers.require("rpcinfo", "rpcbind");
    InteropPeers.require("showmount", "nfs-common");
    String programs = run(List.of("rpcinfo", "-p", "127.0.0.1"), null, null);
    for (String p : List.of("portmapper", "nfs", "mountd", "nlockmgr", "status")) {
      assertThat(programs).as(programs).contains(p);
    }
    assertThat(programs).contains("100003    3   tcp").contains("100003    3   udp");
    assertThat(programs).contains("100021    4   tcp").contains("100024    1   udp");
    String exports = run(List.of("showmount", "-e", "127.0.0.1"), null, null);
    assertThat(exports).contains("/tank/share").contains("/tank/elsewhere").contains("@10.0.0.0/8");
  }

  @Test
  void libnfsRoundTripsAreByteIdenticalFromZeroBytesToOneGib() throws Exception {
    InteropPeers.require("nfs-cat", "libnfs-utils");
    for (long size : new long[] {0, 1, 4095, 1_048_577, 1L << 30}) {
      Path local = randomFile(work, "f" + size, size);
      String url = "nfs://127.0.0.1/tank/share/f" + size;
      run(List.of("nfs-cp", local.toString(), url), null, null);
      Path back = work.resolve("back" + size);
      run(List.of("nfs-cp", url, back.toString()), null, null);
      assertThat(sha256(back)).as("nfs-cp of %d bytes", size).isEqualTo(sha256(local));
      Path catted = work.resolve("cat" + size);
      run(List.of("nfs-cat", url), null, catted);
      assertThat(sha256(catted)).as("nfs-cat of %d bytes", size).isEqualTo(sha256(local));
      Files.delete(back);
      Files.delete(catted);
      Files.delete(local);
    }
    String listing = run(List.of("nfs-ls", "nfs://127.0.0.1/tank/share/"), null, null);
    assertThat(listing).contains("f0").contains("f1073741824").doesNotContain(".zfs");
  }

  @Test
  void snapshotsAreBrowsableUnderZfsSnapshot() throws Exception {
    Path local = randomFile(work, "snapped", 100_000);
    run(List.of("nfs-cp", local.toString(), "nfs://127.0.0.1/tank/share/snapped"), null, null);
    kiln("snapshot", "create", "tank/share@monday");
    String listing =
        run(List.of("nfs-ls", "nfs://127.0.0.1/tank/share/.zfs/snapshot/monday/"), null, null);
    assertThat(listing).contains("snapped");
    Path back = work.resolve("from-snapshot");
    run(List.of("nfs-cat", "nfs://127.0.0.1/tank/share/.zfs/snapshot/monday/snapped"), null, back);
    assertThat(sha256(back)).isEqualTo(sha256(local));
  }

  @Test
  void qemuIoPatternWriteAndReadOverNfs() throws Exception {
    InteropPeers.require("qemu-io", "qemu-utils");
    String url = "nfs://127.0.0.1/tank/share/disk.img";
    run(List.of("qemu-img", "create", "-f", "raw", url, "64M"), null, null);
    String out =
        run(
            List.of(
                "qemu-io",
                "-f",
                "raw",
                "-c",
                "write -P 0xab 0 1M",
                "-c",
                "write -P 0x5c 33M 4k",
                "-c",
                "read -P 0xab 0 1M",
                "-c",
                "read -P 0x5c 33M 4k",
                "-c",
                "read -P 0 2M 64k",
                url),
            null,
            null);
    assertThat(out).doesNotContain("Pattern verification failed").contains("read 4096/4096");
  }

  @Test
  void aClientOutsideTheRuleCannotMount() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("nfs-ls", "nfs://127.0.0.1/tank/elsewhere/").redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isNotZero();
    assertThat(out).contains("MNT3ERR_ACCES");
  }

  @Test
  void theNfsServiceCanBeDisabledAndEnabledThroughTheApi() throws Exception {
    String disabled = kiln("service", "disable", "nfs").output();
    assertThat(disabled).contains("nfs");
    ProcessBuilder pb =
        new ProcessBuilder("rpcinfo", "-T", "tcp", "127.0.0.1", "100003", "3")
            .redirectErrorStream(true);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Process p = pb.start();
              p.getInputStream().readAllBytes();
              return p.waitFor() != 0;
            });
    kiln("service", "enable", "nfs");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Process p = pb.start();
              p.getInputStream().readAllBytes();
              return p.waitFor() == 0;
            });
    assertThat(kiln("service", "list").output()).contains("nfs");
  }
}
