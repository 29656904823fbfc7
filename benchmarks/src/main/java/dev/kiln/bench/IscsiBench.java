package dev.kiln.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `kiln bench iscsi`: qemu-img bench against Kiln's target (an engine volume in a pool file) and
 * against tgtd backing a file in the same directory, same client, same run, after the same warm-up:
 * 4 KiB depth-32 writes and reads, and 1 MiB sequential writes and reads. Prints IOPS and MB/s with
 * the Kiln/tgt ratios against the 1.5x floor.
 */
@Command(name = "iscsi", description = "Kiln's iSCSI target against tgtd (issue 7).")
public final class IscsiBench implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern COMPLETED = Pattern.compile("Run completed in ([0-9.]+) seconds");
  private static final long VOLUME = 1L << 30;

  @Spec CommandSpec spec;

  @Option(names = "--dir", defaultValue = "./kiln-bench-iscsi", description = "Scratch dir.")
  Path dir;

  @Option(names = "--count", defaultValue = "20000", description = "4 KiB requests per run.")
  int count;

  @Option(
      names = "--only",
      description = "Runs only the measurements whose name contains this text (for profiling).")
  String only;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path work = dir.toAbsolutePath().normalize();
    Files.createDirectories(work);
    Path dataDir = work.resolve("kiln");
    int tgtPort = freePort();
    int tgtControl = 5000 + (int) (ProcessHandle.current().pid() % 1000);
    Path tgtFile = work.resolve("tgt-lun.img");
    try (RandomAccessFile f = new RandomAccessFile(tgtFile.toFile(), "rw")) {
      f.setLength(VOLUME);
    }
    BenchDaemon kiln =
        BenchDaemon.start(
            dataDir,
            "listen.address = 127.0.0.1\nports.bsrapid = 0,0,0\nports.iscsi = 0,0\n"
                + "ports.nfs-rpc = 0\nports.nfs = 0\nports.smb = 0,0\nports.nfs-lockmgr = 0\nports.ssh = 0\n"
                + "pool.default.size = 4G\n");
    Process tgtd = null;
    try {
      String kilnUrl = createVolume(kiln);
      tgtd =
          new ProcessBuilder(
                  "tgtd",
                  "-f",
                  "-C",
                  Integer.toString(tgtControl),
                  "--iscsi",
                  "portal=127.0.0.1:" + tgtPort)
              .redirectErrorStream(true)
              .redirectOutput(work.resolve("tgtd.log").toFile())
              .start();
      String iqn = "iqn.2026-12.dev.kiln:bench-tgt";
      tgtadm(tgtControl, "--op", "new", "--mode", "target", "--tid", "1", "-T", iqn);
      tgtadm(
          tgtControl,
          "--op",
          "new",
          "--mode",
          "logicalunit",
          "--tid",
          "1",
          "--lun",
          "1",
          "-b",
          tgtFile.toString());
      tgtadm(tgtControl, "--op", "bind", "--mode", "target", "--tid", "1", "-I", "ALL");
      String tgtUrl = "iscsi://127.0.0.1:" + tgtPort + "/" + iqn + "/1";

      List<Measurement> rows = new ArrayList<>();
      List<String> cpu = new ArrayList<>();
      List<Double> floors = new ArrayList<>();
      // qemu-img bench writes zeros unless given a pattern; Kiln (like ZFS with compression) keeps
      // records of zeros as holes, so the same runs are repeated with non-zero data.
      String[][] runs = {
        {"4 KiB write, depth 32 (qemu-img bench -w)", "4k", "32", "true", "0"},
        {"4 KiB read, depth 32 (qemu-img bench)", "4k", "32", "false", "0"},
        {"1 MiB sequential write, depth 8", "1M", "8", "true", "0"},
        {"1 MiB sequential read, depth 8", "1M", "8", "false", "0"},
        {"4 KiB write, depth 32, data 0x5a (--pattern=90)", "4k", "32", "true", "90"},
        {"4 KiB read, depth 32, of that data", "4k", "32", "false", "0"},
        {"1 MiB sequential write, depth 8, data 0x5a", "1M", "8", "true", "90"},
        {"1 MiB sequential read, depth 8, of that data", "1M", "8", "false", "0"},
      };
      // Both servers warm up the same way before anything is measured: a fresh JVM spends its
      // first seconds compiling the small-request path, which is not what the floor is about.
      for (int round = 0; round < 3; round++) {
        for (String url : List.of(tgtUrl, kilnUrl)) {
          bench(url, "4k", count, "32", true, 90);
          bench(url, "4k", count, "32", true, 0);
          bench(url, "4k", count, "32", false, 0);
        }
      }
      for (String[] r : runs) {
        if (only != null && !r[0].contains(only)) {
          continue;
        }
        boolean small = r[1].equals("4k");
        int n = small ? count : (int) (VOLUME >> 20);
        boolean write = Boolean.parseBoolean(r[3]);
        // Warm both once (first-touch allocation), then measure each.
        int pattern = Integer.parseInt(r[4]);
        bench(tgtUrl, r[1], n, r[2], write, pattern);
        bench(kilnUrl, r[1], n, r[2], write, pattern);
        long tgtCpu = ProcessCpu.ticks(tgtd.pid());
        double tgt = bench(tgtUrl, r[1], n, r[2], write, pattern);
        tgtCpu = ProcessCpu.ticks(tgtd.pid()) - tgtCpu;
        long kilnCpu = ProcessCpu.ticks(kiln.pid());
        double kilnSeconds = bench(kilnUrl, r[1], n, r[2], write, pattern);
        kilnCpu = ProcessCpu.ticks(kiln.pid()) - kilnCpu;
        // Server CPU per request: on a shared machine a steadier measure than IOPS alone.
        cpu.add(
            String.format(
                java.util.Locale.ROOT,
                "%-48s %11.1f us %11.1f us %8.2f",
                r[0],
                ProcessCpu.microsPerOperation(tgtCpu, n),
                ProcessCpu.microsPerOperation(kilnCpu, n),
                (double) kilnCpu / Math.max(1, tgtCpu)));
        double scale = small ? n : n * (1 << 20) / 1e6;
        rows.add(
            new Measurement(r[0], small ? "IOPS" : "MB/s", scale / tgt, scale / kilnSeconds, true));
        floors.add(1.5);
      }
      out.println("kiln bench iscsi: qemu-img bench -f raw -t none against tgtd and kiln serve");
      Report.print(out, "tgtd", rows, floors);
      out.printf(
          java.util.Locale.ROOT,
          "%n%-48s %14s %14s %8s%n",
          "server CPU time per request (/proc/PID/stat)",
          "tgtd",
          "kiln",
          "kiln/tgt");
      cpu.forEach(out::println);
      out.flush();
      return 0;
    } finally {
      if (tgtd != null) {
        tgtadm(tgtControl, "--op", "delete", "--mode", "target", "--tid", "1", "--force");
        tgtadm(tgtControl, "--op", "delete", "--mode", "system");
        tgtd.waitFor(30, TimeUnit.SECONDS);
        tgtd.destroyForcibly();
      }
      kiln.close();
      try (var walk = Files.walk(work)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Creates the 1 GiB volume through the API; returns its iscsi:// URL. */
  private static String createVolume(BenchDaemon kiln) throws Exception {
    kiln.post(
        "/api/v1/datasets",
        "{\"name\":\"tank/bench\",\"type\":\"volume\",\"properties\":{\"volsize\":\"1G\"}}");
    int iscsi = kiln.bound("iscsi").get(0);
    return "iscsi://127.0.0.1:" + iscsi + "/iqn.2026-12.dev.kiln:tank.bench/0";
  }

  private static void tgtadm(int control, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("tgtadm", "-C", Integer.toString(control)));
    cmd.add("--lld");
    cmd.add("iscsi");
    cmd.addAll(List.of(args));
    // tgtd needs a moment to open its control socket: retry briefly on failure.
    for (int attempt = 0; ; attempt++) {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() == 0) {
        return;
      }
      if (attempt == 50) {
        throw new IllegalStateException(cmd + " failed: " + output);
      }
      Thread.sleep(100);
    }
  }

  /** Runs qemu-img bench (writes fill buffers with {@code pattern}); returns its seconds. */
  private static double bench(
      String url, String size, int count, String depth, boolean write, int pattern)
      throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "qemu-img",
                "bench",
                "-f",
                "raw",
                "-t",
                "none",
                "-c",
                Integer.toString(count),
                "-d",
                depth,
                "-s",
                size));
    if (write) {
      cmd.add("-w");
      if (pattern != 0) {
        cmd.add("--pattern=" + pattern);
      }
    }
    cmd.add(url);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(cmd + " failed: " + output);
    }
    Matcher m = COMPLETED.matcher(output);
    if (!m.find()) {
      throw new IllegalStateException("no timing in qemu-img output: " + output);
    }
    return Double.parseDouble(m.group(1));
  }
}
