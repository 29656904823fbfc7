package dev.kiln.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dcache.oncrpc4j.portmap.GenericPortmapClient;
import org.dcache.oncrpc4j.rpc.OncRpcClient;
import org.dcache.oncrpc4j.rpc.net.IpProtocolType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `kiln bench nfs`: NFS-Ganesha (VFS FSAL on a directory) and Kiln (a pool file), both in the
 * scratch directory on the same disk, one after the other on the same ports with the same clients:
 * qemu-img bench 4 KiB at depth 32 (write, then read), nfs-cp of a large file up and down, and
 * create/stat/remove of many files through an in-JVM NFSv3 client. Needs root (both servers bind
 * 2049 and rpcbind 111) and the Debian packages nfs-ganesha, nfs-ganesha-vfs, rpcbind,
 * libnfs-utils, qemu-utils and qemu-block-extra.
 */
@Command(name = "nfs", description = "Kiln vs NFS-Ganesha over NFSv3 (issue 5).")
public final class NfsBench implements Callable<Integer> {

  private static final Pattern COMPLETED = Pattern.compile("Run completed in ([0-9.]+) seconds");

  @Spec CommandSpec spec;

  @Option(names = "--dir", defaultValue = "./kiln-bench-nfs", description = "Scratch directory.")
  Path dir;

  @Option(names = "--ios", defaultValue = "20000", description = "qemu-img bench requests.")
  int ios;

  @Option(names = "--copy-mib", defaultValue = "1024", description = "nfs-cp file size (MiB).")
  int copyMib;

  @Option(names = "--files", defaultValue = "20000", description = "Files created/removed.")
  int files;

  @Option(names = "--connections", defaultValue = "8", description = "Metadata clients.")
  int connections;

  @Option(
      names = "--only",
      split = ",",
      description = "Runs only these parts: iops, copy, files (default: all; for profiling).")
  Set<String> only;

  private record Result(
      double writeIops,
      double readIops,
      double patternWriteIops,
      double patternReadIops,
      double upMbs,
      double downMbs,
      double filesPerSecond,
      double cpuMicrosPerFile) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path scratch = dir.toAbsolutePath().normalize();
    Files.createDirectories(scratch);
    List<Process> started = new ArrayList<>();
    try {
      Path payload = scratch.resolve("payload.bin");
      writeRandom(payload, (long) copyMib << 20);
      if (!listening(111)) {
        started.add(start(scratch, "rpcbind.log", "rpcbind", "-f"));
        waitFor(() -> listening(111), "rpcbind");
      }
      out.println("reference: NFS-Ganesha (VFS FSAL) on " + scratch.resolve("ganesha-export"));
      out.flush();
      Result ganesha = ganesha(scratch, payload, out);
      out.println("kiln: kiln serve, pool file in " + scratch.resolve("kiln"));
      out.flush();
      Result kiln = kiln(scratch, payload, out);
      List<Measurement> rows =
          List.of(
              new Measurement(
                  "qemu-img bench 4k depth 32 write",
                  "IOPS",
                  ganesha.writeIops(),
                  kiln.writeIops(),
                  true),
              new Measurement(
                  "qemu-img bench 4k depth 32 read",
                  "IOPS",
                  ganesha.readIops(),
                  kiln.readIops(),
                  true),
              new Measurement(
                  "qemu-img bench 4k depth 32 write, data 0x5a",
                  "IOPS",
                  ganesha.patternWriteIops(),
                  kiln.patternWriteIops(),
                  true),
              new Measurement(
                  "qemu-img bench 4k depth 32 read of it",
                  "IOPS",
                  ganesha.patternReadIops(),
                  kiln.patternReadIops(),
                  true),
              new Measurement(
                  "nfs-cp " + copyMib + " MiB up", "MB/s", ganesha.upMbs(), kiln.upMbs(), true),
              new Measurement(
                  "nfs-cp " + copyMib + " MiB down",
                  "MB/s",
                  ganesha.downMbs(),
                  kiln.downMbs(),
                  true),
              new Measurement(
                  "create+stat+remove of " + files + " files",
                  "files/s",
                  ganesha.filesPerSecond(),
                  kiln.filesPerSecond(),
                  true));
      // Lines of parts not run (--only) are left out.
      List<Measurement> measured = rows.stream().filter(m -> m.reference() > 0).toList();
      Report.print(out, "ganesha", measured, measured.stream().map(m -> 1.0).toList());
      if (runs("files")) {
        // Both servers share 2 cores with the client: CPU per file says more than files/s alone.
        out.printf(
            java.util.Locale.ROOT,
            "%nserver CPU time per created+stat'ed+removed file (/proc/PID/stat): ganesha %.0f us,"
                + " kiln %.0f us, kiln/ganesha %.2f%n",
            ganesha.cpuMicrosPerFile(),
            kiln.cpuMicrosPerFile(),
            kiln.cpuMicrosPerFile() / Math.max(1e-9, ganesha.cpuMicrosPerFile()));
        out.flush();
      }
      return measured.stream().allMatch(m -> m.ratio() >= 1.0) ? 0 : 1;
    } finally {
      for (Process p : started.reversed()) {
        stop(p);
      }
      deleteTree(scratch);
    }
  }

  private boolean runs(String part) {
    return only == null || only.contains(part);
  }

  private Result ganesha(Path scratch, Path payload, PrintWriter out) throws Exception {
    Path export = scratch.resolve("ganesha-export");
    Files.createDirectories(export);
    Path conf = scratch.resolve("ganesha.conf");
    Files.writeString(
        conf,
        """
        NFS_CORE_PARAM { Protocols = 3; Bind_addr = 127.0.0.1; Enable_NLM = false; NFS_Port = 2049; }
        NFSV4 { Graceless = true; }
        EXPORT { Export_Id = 1; Path = %s; Pseudo = /export; Access_Type = RW;
                 Squash = No_Root_Squash; Protocols = 3; FSAL { Name = VFS; } }
        """
            .formatted(export));
    Process p =
        start(
            scratch,
            "ganesha.out",
            "ganesha.nfsd",
            "-F",
            "-f",
            conf.toString(),
            "-L",
            scratch.resolve("ganesha.log").toString(),
            "-p",
            scratch.resolve("ganesha.pid").toString());
    try {
      waitFor(() -> registered(100_003), "ganesha.nfsd");
      return load(export.toString(), payload, out, p.pid());
    } finally {
      stop(p);
      waitFor(() -> !listening(2049), "ganesha.nfsd to stop");
    }
  }

  private Result kiln(Path scratch, Path payload, PrintWriter out) throws Exception {
    try (BenchDaemon kiln =
        BenchDaemon.start(
            scratch.resolve("kiln"),
            "listen.address = 127.0.0.1\nports.bsrapid = 0,0,0\nports.ssh = 0\nports.smb = 0,0\n"
                + "ports.iscsi = 0,0\npool.default.size = "
                + Math.max(8, 4L * copyMib / 1024 + 4)
                + "G\nnfs.grace-period-seconds = 0\n")) {
      kiln.post(
          "/api/v1/datasets",
          "{\"name\":\"tank/bench\",\"properties\":{\"sharenfs\":\"rw,no_root_squash\"}}");
      waitFor(() -> registered(100_003), "kiln nfs");
      return load("/tank/bench", payload, out, kiln.pid());
    }
  }

  private Result load(String export, Path payload, PrintWriter out, long serverPid)
      throws Exception {
    String base = "nfs://127.0.0.1" + export;
    warmUp(base);
    double write = 0;
    double read = 0;
    double patternWrite = 0;
    double patternRead = 0;
    if (runs("iops")) {
      run(List.of("qemu-img", "create", "-f", "raw", base + "/bench.img", "1G"));
      // qemu-img bench writes zeros unless given a pattern; Kiln (like ZFS with compression) keeps
      // records of zeros as holes, so the runs are repeated with non-zero data.
      write = qemuBench(base + "/bench.img", true, 0);
      read = qemuBench(base + "/bench.img", false, 0);
      patternWrite = qemuBench(base + "/bench.img", true, 0x5a);
      patternRead = qemuBench(base + "/bench.img", false, 0);
    }
    double up = 0;
    double down = 0;
    if (runs("copy")) {
      double mb = Files.size(payload) / 1e6;
      long t0 = System.nanoTime();
      run(List.of("nfs-cp", payload.toString(), base + "/payload.bin"));
      up = mb / ((System.nanoTime() - t0) / 1e9);
      Path back = payload.resolveSibling("payload.back");
      t0 = System.nanoTime();
      run(List.of("nfs-cp", base + "/payload.bin", back.toString()));
      down = mb / ((System.nanoTime() - t0) / 1e9);
      if (Files.mismatch(payload, back) != -1) {
        throw new IOException("the file read back from " + base + " differs from what was written");
      }
      Files.delete(back);
    }
    double filesPerSecond = 0;
    double cpuMicrosPerFile = 0;
    if (runs("files")) {
      InetSocketAddress portmap = new InetSocketAddress(InetAddress.getLoopbackAddress(), 111);
      int mountPort = port(portmap, 100_005);
      int nfsPort = port(portmap, 100_003);
      InetSocketAddress mountd = new InetSocketAddress(InetAddress.getLoopbackAddress(), mountPort);
      InetSocketAddress nfsd = new InetSocketAddress(InetAddress.getLoopbackAddress(), nfsPort);
      // The same metadata warm-up for both servers: a young JVM spends the first ten thousand
      // files or so compiling the create/remove path (measured: 970 us of server CPU per file in
      // the first 10000, 310-390 us afterwards), which is not what the floor is about.
      NfsMetadataLoad.run(mountd, nfsd, export, Math.min(files, 10_000), connections);
      long cpu = ProcessCpu.ticks(serverPid);
      filesPerSecond = NfsMetadataLoad.run(mountd, nfsd, export, files, connections);
      cpuMicrosPerFile = ProcessCpu.microsPerOperation(ProcessCpu.ticks(serverPid) - cpu, files);
    }
    out.printf(
        java.util.Locale.ROOT,
        "  write %.0f IOPS, read %.0f IOPS, 0x5a write %.0f IOPS, read %.0f IOPS, up %.0f MB/s,"
            + " down %.0f MB/s, %.0f files/s%n",
        write,
        read,
        patternWrite,
        patternRead,
        up,
        down,
        filesPerSecond);
    out.flush();
    return new Result(
        write, read, patternWrite, patternRead, up, down, filesPerSecond, cpuMicrosPerFile);
  }

  /**
   * The same short warm-up against both servers before anything is measured: small and large reads
   * and writes on a scratch file, so that neither side is measured while it starts up (a JVM
   * compiles its hot paths during the first seconds of load).
   */
  private static void warmUp(String base) throws Exception {
    String url = base + "/warmup.img";
    run(List.of("qemu-img", "create", "-f", "raw", url, "1G"));
    for (String size : List.of("4k", "1M")) {
      String count = size.equals("4k") ? "20000" : "1024";
      for (boolean write : List.of(true, false)) {
        List<String> cmd =
            new ArrayList<>(
                List.of("qemu-img", "bench", "-f", "raw", "-t", "none", "-c", count, "-d", "32"));
        cmd.addAll(List.of("-s", size));
        if (write) {
          cmd.addAll(List.of("-w", "--pattern=17"));
        }
        cmd.add(url);
        run(cmd);
      }
    }
  }

  /** IOPS of qemu-img bench, 4 KiB at depth 32, reading or writing bytes of {@code pattern}. */
  private double qemuBench(String url, boolean write, int pattern) throws Exception {
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
                Integer.toString(ios),
                "-d",
                "32",
                "-s",
                "4k"));
    if (write) {
      cmd.add("-w");
      if (pattern != 0) {
        cmd.add("--pattern=" + pattern);
      }
    }
    cmd.add(url);
    return iops(run(cmd));
  }

  private double iops(String output) {
    Matcher m = COMPLETED.matcher(output);
    if (!m.find()) {
      throw new IllegalStateException("qemu-img bench printed no timing: " + output);
    }
    return ios / Double.parseDouble(m.group(1));
  }

  private static int port(InetSocketAddress portmap, int program) throws Exception {
    try (OncRpcClient c = new OncRpcClient(portmap, IpProtocolType.TCP)) {
      String uaddr =
          new GenericPortmapClient(c.connect(10, TimeUnit.SECONDS)).getPort(program, 3, "tcp");
      String[] parts = uaddr.split("\\.");
      return Integer.parseInt(parts[parts.length - 2]) * 256
          + Integer.parseInt(parts[parts.length - 1]);
    }
  }

  private static boolean registered(int program) {
    try {
      return port(new InetSocketAddress(InetAddress.getLoopbackAddress(), 111), program) > 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void waitFor(Condition c, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!c.holds()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      Thread.sleep(200); // polling an external process; no event to wait on
    }
  }

  private static Process start(Path scratch, String log, String... command) throws IOException {
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(scratch.resolve(log).toFile())
        .start();
  }

  private static void stop(Process p) throws InterruptedException {
    p.toHandle().destroy();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.toHandle().destroyForcibly();
    }
  }

  private static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException(command + " failed: " + output);
    }
    return output;
  }

  private static void writeRandom(Path file, long size) throws IOException {
    Random random = new Random(1);
    byte[] buf = new byte[1 << 20];
    try (OutputStream o = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= buf.length) {
        random.nextBytes(buf);
        o.write(buf, 0, (int) Math.min(buf.length, left));
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
