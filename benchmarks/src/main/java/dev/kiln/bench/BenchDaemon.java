package dev.kiln.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.cli.remote.PinnedTls;
import dev.kiln.cli.state.RuntimeState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A `kiln serve` child process for a benchmark: started on a data directory with the given
 * configuration, ready once it printed its ready line, logged in as the initial administrator so a
 * benchmark can create what it measures through the REST API, and stopped with SIGTERM.
 */
final class BenchDaemon implements AutoCloseable {

  private final Process process;
  private final Path dataDir;
  private final String password;
  private final HttpClient http;
  private final String base;
  private String token;

  private BenchDaemon(Process process, Path dataDir, String password) throws Exception {
    this.process = process;
    this.dataDir = dataDir;
    this.password = password;
    int port = RuntimeState.read(dataDir).bound().get("bsrapid").get(1);
    this.http =
        HttpClient.newBuilder()
            .sslContext(
                PinnedTls.trusting(Files.readString(dataDir.resolve("identity/tls-cert.pem"))))
            .build();
    this.base = "https://localhost:" + port;
  }

  /** The daemon's process id, to read its CPU time from {@code /proc}. */
  long pid() {
    return process.pid();
  }

  /** Writes {@code kilnConf} into {@code dataDir} and starts the daemon there. */
  static BenchDaemon start(Path dataDir, String kilnConf) throws Exception {
    Files.createDirectories(dataDir);
    Files.writeString(dataDir.resolve("kiln.conf"), kilnConf);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Extra JVM options for the daemon under test, e.g. a JFR recording while profiling.
    String extra = System.getenv("KILN_BENCH_DAEMON_OPTS");
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.strip().split("\\s+")));
    }
    command.addAll(
        List.of(
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.kiln.daemon.KilnMain",
            "serve",
            "--data-dir",
            dataDir.toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String password = null;
    boolean ready = false;
    List<String> seen = new ArrayList<>();
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = r.readLine()) != null; ) {
      seen.add(line);
      if (line.contains("Initial administrator:")) {
        password = line.substring(line.indexOf(" / ") + 3).strip();
      }
      if (line.contains("ready:")) {
        ready = true;
        break;
      }
    }
    Thread.ofVirtual().start(() -> r.lines().forEach(l -> {}));
    if (password == null || !ready) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "kiln serve did not start:\n"
              + String.join("\n", seen.subList(Math.max(0, seen.size() - 20), seen.size())));
    }
    return new BenchDaemon(p, dataDir, password);
  }

  /** The data directory. */
  Path dataDir() {
    return dataDir;
  }

  /** The initial administrator password it printed. */
  String password() {
    return password;
  }

  /** The ports it bound for a registry row, such as {@code ssh} or {@code iscsi}. */
  List<Integer> bound(String row) throws IOException {
    return RuntimeState.read(dataDir).bound().get(row);
  }

  /** POSTs a JSON body as the administrator; fails unless the answer is 2xx. */
  String post(String path, String json) throws Exception {
    HttpResponse<String> res =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token())
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() / 100 != 2) {
      throw new IOException("POST " + path + " answered " + res.statusCode() + ": " + res.body());
    }
    return res.body();
  }

  private String token() throws Exception {
    if (token == null) {
      String basic =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
      token =
          new ObjectMapper()
              .readTree(
                  http.send(
                          HttpRequest.newBuilder(URI.create(base + "/api/v1/login"))
                              .header("Authorization", basic)
                              .POST(HttpRequest.BodyPublishers.noBody())
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body())
              .get("token")
              .asText();
    }
    return token;
  }

  @Override
  public void close() throws InterruptedException {
    process.toHandle().destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
