package dev.kiln.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `kiln bench sftp`: OpenSSH's sftp client uploads and downloads the same file to a fresh `kiln
 * serve` and to OpenSSH's own sftp-server under a loopback sshd (own config and host key in the
 * scratch directory, on the same disk), with the same cipher; prints MB/s and Kiln/OpenSSH ratios.
 */
@Command(
    name = "sftp",
    description = "SFTP throughput against OpenSSH's sftp-server (issue 8: 1 GiB up and down).")
public final class SftpBench implements Callable<Integer> {

  private static final String SSHD = "/usr/sbin/sshd";
  private static final String SFTP_SERVER = "/usr/lib/openssh/sftp-server";

  @Spec CommandSpec spec;

  @Option(names = "--size-mib", defaultValue = "1024", description = "File size in MiB.")
  int sizeMib;

  @Option(
      names = "--cipher",
      defaultValue = "aes128-gcm@openssh.com",
      description = "Cipher both sides use.")
  String cipher;

  @Option(names = "--dir", defaultValue = "./kiln-bench-sftp", description = "Scratch directory.")
  Path dir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    for (String tool : List.of(SSHD, SFTP_SERVER, "/usr/bin/sftp", "/usr/bin/ssh-keygen")) {
      if (!Files.isExecutable(Path.of(tool))) {
        throw new IllegalStateException(
            tool + " is missing: apt-get install -y openssh-server openssh-client");
      }
    }
    Path work = dir.toAbsolutePath().normalize();
    Files.createDirectories(work);
    List<Process> started = new ArrayList<>();
    try {
      Path key = work.resolve("id_bench");
      exec(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()));
      String pub = Files.readString(work.resolve("id_bench.pub")).strip();
      Path payload = work.resolve("payload.bin");
      writeRandom(payload, (long) sizeMib << 20);

      int refPort = startSshd(work, pub, started);
      Path refRoot = Files.createDirectories(work.resolve("openssh-root"));
      kiln =
          BenchDaemon.start(
              work.resolve("kiln-data"),
              "listen.address = 127.0.0.1\nports.bsrapid = 0,0,0\nports.ssh = 0\nports.smb = 0,0\n"
                  + "pool.default.size = "
                  + Math.max(4, 2L * sizeMib / 1024 + 2)
                  + "G\n");
      int kilnPort = kiln.bound("ssh").getFirst();
      String password = kiln.password();
      exec(
          List.of(
              "sshpass",
              "-p",
              password,
              "ssh",
              "-p",
              Integer.toString(kilnPort),
              "-F",
              "/dev/null",
              "-o",
              "StrictHostKeyChecking=no",
              "-o",
              "UserKnownHostsFile=/dev/null",
              "-o",
              "PubkeyAuthentication=no",
              "admin@127.0.0.1",
              "kiln",
              "user",
              "key",
              "add",
              "admin",
              "'" + pub + "'"));

      String user = System.getProperty("user.name");
      double refUp = transfer(refPort, user, key, "put " + payload + " " + refRoot.resolve("f"));
      double kilnUp = transfer(kilnPort, "admin", key, "put " + payload + " /tank/f");
      Path refBack = work.resolve("back-openssh.bin");
      Path kilnBack = work.resolve("back-kiln.bin");
      double refDown = transfer(refPort, user, key, "get " + refRoot.resolve("f") + " " + refBack);
      double kilnDown = transfer(kilnPort, "admin", key, "get /tank/f " + kilnBack);
      if (Files.mismatch(payload, refBack) != -1 || Files.mismatch(payload, kilnBack) != -1) {
        throw new IllegalStateException("a download differs from the upload");
      }
      double mb = ((long) sizeMib << 20) / 1e6;
      out.printf(
          "kiln bench sftp: %d MiB, cipher %s, OpenSSH sftp-server under a loopback sshd vs Kiln%n",
          sizeMib, cipher);
      Report.print(
          out,
          "openssh",
          List.of(
              new Measurement("upload (sftp put)", "MB/s", mb / refUp, mb / kilnUp, true),
              new Measurement("download (sftp get)", "MB/s", mb / refDown, mb / kilnDown, true)),
          java.util.Arrays.asList(null, null));
      return 0;
    } finally {
      if (kiln != null) {
        kiln.close();
      }
      for (Process p : started) {
        p.toHandle().destroy();
        p.waitFor(60, TimeUnit.SECONDS);
      }
      try (var walk = Files.walk(work)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private BenchDaemon kiln;

  /** Starts OpenSSH's sshd on a free loopback port with its own host key and config. */
  private static int startSshd(Path work, String pub, List<Process> started) throws Exception {
    Path sshd = Files.createDirectories(work.resolve("sshd"));
    exec(
        List.of(
            "ssh-keygen",
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-f",
            sshd.resolve("host_key").toString()));
    Files.writeString(sshd.resolve("authorized_keys"), pub + "\n");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.writeString(
        sshd.resolve("sshd_config"),
        String.join(
            "\n",
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "HostKey " + sshd.resolve("host_key"),
            "AuthorizedKeysFile " + sshd.resolve("authorized_keys"),
            "PidFile " + sshd.resolve("sshd.pid"),
            "StrictModes no",
            "UsePAM no",
            "PasswordAuthentication no",
            "PermitRootLogin prohibit-password",
            "Subsystem sftp " + SFTP_SERVER,
            ""));
    Files.createDirectories(Path.of("/run/sshd"));
    Process p =
        new ProcessBuilder(SSHD, "-D", "-e", "-f", sshd.resolve("sshd_config").toString())
            .redirectErrorStream(true)
            .redirectOutput(sshd.resolve("sshd.log").toFile())
            .start();
    started.add(p);
    for (int i = 0; i < 100; i++) {
      try (var s = new java.net.Socket("127.0.0.1", port)) {
        return port;
      } catch (IOException notYet) {
        if (!p.isAlive()) {
          throw new IllegalStateException(
              "sshd exited: " + Files.readString(sshd.resolve("sshd.log")));
        }
        p.waitFor(100, TimeUnit.MILLISECONDS); // sshd is still binding its port
      }
    }
    throw new IllegalStateException("sshd did not listen on " + port);
  }

  /** One sftp batch; returns the seconds it took (page cache dropped first when allowed). */
  private double transfer(int port, String user, Path key, String command) throws Exception {
    PageCache.drop();
    Path batch = Files.createTempFile(dir.toAbsolutePath(), "batch", ".txt");
    Files.writeString(batch, command + "\n");
    long t0 = System.nanoTime();
    exec(
        List.of(
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
            "IdentitiesOnly=yes",
            "-o",
            "IdentityAgent=none",
            "-o",
            "Ciphers=" + cipher,
            "-o",
            "Compression=no",
            "-i",
            key.toString(),
            "-b",
            batch.toString(),
            user + "@127.0.0.1"));
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void writeRandom(Path f, long size) throws IOException {
    Random r = new Random(1);
    byte[] buf = new byte[1 << 20];
    try (var out = Files.newOutputStream(f)) {
      for (long done = 0; done < size; done += buf.length) {
        r.nextBytes(buf);
        out.write(buf, 0, (int) Math.min(buf.length, size - done));
      }
    }
  }

  private static void exec(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
  }
}
