package dev.kiln.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.cli.remote.PinnedTls;
import dev.kiln.cli.state.RuntimeState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `kiln bench api`: many concurrent clients listing and creating datasets over HTTPS against a
 * fresh `kiln serve`; reports requests/s, latency percentiles, errors and lost updates (datasets
 * acknowledged with 201 but missing afterwards).
 */
@Command(name = "api", description = "Load test of the REST API (issue 4: 50 clients, 60 s).")
public final class ApiLoadBench implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(names = "--clients", defaultValue = "50", description = "Concurrent clients.")
  int clients;

  @Option(names = "--seconds", defaultValue = "60", description = "Duration.")
  int seconds;

  @Option(names = "--dir", defaultValue = "./kiln-bench-api", description = "Scratch data dir.")
  Path dir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dataDir = dir.toAbsolutePath().normalize();
    Files.createDirectories(dataDir);
    Files.writeString(
        dataDir.resolve("kiln.conf"),
        "listen.address = 127.0.0.1\nports.bsrapid = 0,0,0\nports.iscsi = 0,0\nports.nfs-rpc = 0\nports.nfs = 0\nports.smb = 0,0\nports.nfs-lockmgr = 0\nports.ssh = 0\npool.default.size = 8G\n");
    Process daemon =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.kiln.daemon.KilnMain",
                "serve",
                "--data-dir",
                dataDir.toString())
            .redirectErrorStream(true)
            .start();
    try {
      String password = null;
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (line.contains("Initial administrator:")) {
            password = line.substring(line.indexOf(" / ") + 3).strip();
          }
          if (line.contains("ready:")) {
            break;
          }
        }
        Thread.ofVirtual().start(() -> r.lines().forEach(l -> {}));
        if (password == null) {
          throw new IllegalStateException("kiln serve did not print its initial password");
        }
        int port = RuntimeState.read(dataDir).bound().get("bsrapid").get(1);
        return run(out, dataDir, port, password);
      }
    } finally {
      daemon.toHandle().destroy();
      daemon.waitFor(60, TimeUnit.SECONDS);
      try (var walk = Files.walk(dataDir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private int run(PrintWriter out, Path dataDir, int port, String password) throws Exception {
    SSLContext ctx = PinnedTls.trusting(Files.readString(dataDir.resolve("identity/tls-cert.pem")));
    String base = "https://localhost:" + port;
    HttpClient login = HttpClient.newBuilder().sslContext(ctx).build();
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    String token =
        JSON.readTree(
                login
                    .send(
                        HttpRequest.newBuilder(URI.create(base + "/api/v1/login"))
                            .header("Authorization", basic)
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body())
            .get("token")
            .asText();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicLong errors = new AtomicLong();
    List<String> created = Collections.synchronizedList(new ArrayList<>());
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      int id = c;
      HttpClient client = HttpClient.newBuilder().sslContext(ctx).build();
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; System.nanoTime() < deadline; i++) {
                      try {
                        boolean create = i % 4 == 0;
                        String name = "tank/c" + id + "-" + i;
                        HttpRequest.Builder b =
                            HttpRequest.newBuilder(URI.create(base + "/api/v1/datasets"))
                                .header("Authorization", "Bearer " + token);
                        HttpRequest req =
                            create
                                ? b.POST(
                                        HttpRequest.BodyPublishers.ofString(
                                            "{\"name\":\"" + name + "\"}"))
                                    .build()
                                : b.GET().build();
                        long s = System.nanoTime();
                        HttpResponse<String> res =
                            client.send(req, HttpResponse.BodyHandlers.ofString());
                        latencies.add(System.nanoTime() - s);
                        if (res.statusCode() != (create ? 201 : 200)) {
                          errors.incrementAndGet();
                        } else if (create) {
                          created.add(name);
                        }
                      } catch (Exception e) {
                        errors.incrementAndGet();
                      }
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    HttpClient check = HttpClient.newBuilder().sslContext(ctx).build();
    JsonNode all =
        JSON.readTree(
            check
                .send(
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/datasets?root=tank"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    List<String> present = all.findValuesAsText("name");
    long lost = created.stream().filter(n -> !present.contains(n)).count();
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    out.printf(
        "kiln bench api: %d clients, %d s: %d requests (%.0f req/s), %d datasets created,"
            + " errors %d, lost updates %d%n",
        clients,
        seconds,
        sorted.size(),
        sorted.size() / elapsed,
        created.size(),
        errors.get(),
        lost);
    out.printf(
        "latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n",
        pct(sorted, 50),
        pct(sorted, 90),
        pct(sorted, 99),
        sorted.isEmpty() ? 0 : sorted.getLast() / 1e6);
    out.flush();
    return errors.get() == 0 && lost == 0 ? 0 : 1;
  }

  private static double pct(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1))
        / 1e6;
  }
}
