package dev.kiln.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A {@code kiln} process started from the built distribution ({@code target/kiln.jar}), with its
 * output collected line by line so tests can wait for what it prints.
 */
public final class KilnProcess implements AutoCloseable {

  private final Process process;
  private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

  private KilnProcess(Process process) {
    this.process = process;
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("<<output closed: " + e + ">>");
              }
            });
  }

  /** The distribution jar built by {@code mvn package}. */
  public static Path jar() {
    Path jar = Path.of("target", "kiln.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: run the package phase first");
    }
    return jar;
  }

  /** A kiln.conf for a test daemon: loopback only, every service on an ephemeral port. */
  public static final String EPHEMERAL_CONF =
      "listen.address = 127.0.0.1\nports.bsrapid = 0,0,0\nports.iscsi = 0,0\nports.ssh = 0\n"
          + "ports.nfs-rpc = 0\nports.nfs = 0\nports.nfs-lockmgr = 0\nports.smb = 0,0\n";

  /**
   * Writes {@code conf} as {@code dataDir/kiln.conf}, starts {@code kiln serve} there and waits
   * until it reports ready (failing with its output if it exits first).
   */
  public static KilnProcess serve(Path dataDir, String conf) throws IOException {
    Files.writeString(dataDir.resolve("kiln.conf"), conf);
    KilnProcess daemon = start("serve", "--data-dir", dataDir.toString());
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> daemon.printed("ready:") || !daemon.process().isAlive());
    assertThat(daemon.process().isAlive()).as(daemon.output()).isTrue();
    return daemon;
  }

  /** Starts {@code kiln <args>} with stdout and stderr merged. */
  public static KilnProcess start(String... args) throws IOException {
    return start(java.util.Map.of(), null, args);
  }

  /** Runs {@code kiln <args>} with extra environment and standard input, to completion. */
  public static KilnProcess run(java.util.Map<String, String> env, String stdin, String... args)
      throws IOException, InterruptedException {
    KilnProcess p = start(env, stdin, args);
    p.process.waitFor();
    return p;
  }

  /** Starts {@code kiln <args>} with extra environment and, if given, standard input. */
  public static KilnProcess start(java.util.Map<String, String> env, String stdin, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("KILN_PORT_OFFSET");
    pb.environment().putAll(env);
    Process proc = pb.start();
    if (stdin != null) {
      proc.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    proc.getOutputStream().close();
    return new KilnProcess(proc);
  }

  /** Runs {@code kiln <args>} to completion. */
  public static KilnProcess run(String... args) throws IOException, InterruptedException {
    KilnProcess p = start(args);
    p.process.waitFor();
    return p;
  }

  /** Everything printed so far. */
  public String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  /** Whether some line contains {@code text}. */
  public boolean printed(String text) {
    synchronized (lines) {
      return lines.stream().anyMatch(l -> l.contains(text));
    }
  }

  /** The initial administrator password `kiln serve` printed at first start. */
  public String initialPassword() {
    String line =
        output()
            .lines()
            .filter(l -> l.contains("Initial administrator:"))
            .findFirst()
            .orElseThrow();
    return line.substring(line.indexOf(" / ") + 3).strip();
  }

  /** The underlying process. */
  public Process process() {
    return process;
  }

  /** Sends SIGTERM and waits for the exit code. */
  public int terminate() throws InterruptedException {
    // Process.destroy() would also close our end of the output pipe and lose the last lines.
    process.toHandle().destroy();
    return process.waitFor();
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() {
    process.destroyForcibly();
  }
}
