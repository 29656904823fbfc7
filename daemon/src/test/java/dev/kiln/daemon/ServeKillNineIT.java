package dev.kiln.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.cli.remote.PinnedTls;
import dev.kiln.cli.state.RuntimeState;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `kill -9` of `kiln serve` under write load: clients create datasets, snapshots (engine) and users
 * (configuration store) through the API; the daemon is killed with SIGKILL mid-stream; after a
 * restart every change it acknowledged is there and a scrub of the pool finds nothing wrong.
 */
class ServeKillNineIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  private record Api(HttpClient http, String base, String token) {
    HttpResponse<String> call(String method, String path, String body) throws Exception {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(base + path))
              .header("Authorization", "Bearer " + token);
      b.method(
          method,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body));
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  private Api connect(KilnProcess kiln, String password) throws Exception {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> kiln.printed("ready:") || !kiln.process().isAlive());
    assertThat(kiln.process().isAlive()).as(kiln.output()).isTrue();
    int port = RuntimeState.read(dataDir).bound().get("bsrapid").get(1);
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(
                PinnedTls.trusting(Files.readString(dataDir.resolve("identity/tls-cert.pem"))))
            .build();
    String base = "https://localhost:" + port;
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> login =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/login"))
                .header("Authorization", basic)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    return new Api(http, base, JSON.readTree(login.body()).get("token").asText());
  }

  @Test
  void acknowledgedChangesSurviveSigkillOfTheDaemon() throws Exception {
    Files.writeString(
        dataDir.resolve("kiln.conf"),
        "listen.address = 127.0.0.1\nports.bsrapid = 0,0,0\nports.iscsi = 0,0\nports.nfs-rpc = 0\nports.nfs = 0\nports.smb = 0,0\nports.nfs-lockmgr = 0\nports.ssh = 0\npool.default.size = 1G\n");
    Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
    String password;
    try (KilnProcess kiln = KilnProcess.start("serve", "--data-dir", dataDir.toString())) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> kiln.printed("Initial administrator:") || !kiln.process().isAlive());
      password = kiln.initialPassword();
      Api api = connect(kiln, password);
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < 6; c++) {
        int id = c;
        clients.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      for (int i = 0; !stop.get(); i++) {
                        String name = "tank/k" + id + "-" + i;
                        try {
                          if (api.call("POST", "/api/v1/datasets", "{\"name\":\"" + name + "\"}")
                                  .statusCode()
                              == 201) {
                            acknowledged.add(name);
                          }
                          if (i % 3 == 0
                              && api.call(
                                          "POST",
                                          "/api/v1/snapshots",
                                          "{\"name\":\"" + name + "@s\"}")
                                      .statusCode()
                                  == 201) {
                            acknowledged.add(name + "@s");
                          }
                          String user = "u" + id + "x" + i;
                          String userBody =
                              "{\"name\":\"" + user + "\",\"password\":\"long enough secret\"}";
                          if (i % 2 == 0
                              && api.call("POST", "/api/v1/users", userBody).statusCode() == 201) {
                            acknowledged.add("user:" + user);
                          }
                        } catch (Exception e) {
                          return; // the daemon died under us: expected
                        }
                      }
                    }));
      }
      await().atMost(Duration.ofMinutes(2)).until(() -> acknowledged.size() >= 40);
      kiln.process().toHandle().destroyForcibly(); // SIGKILL while clients are writing
      kiln.process().waitFor();
      stop.set(true);
      for (Thread t : clients) {
        t.join();
      }
    }

    try (KilnProcess again = KilnProcess.start("serve", "--data-dir", dataDir.toString())) {
      Api api = connect(again, password);
      for (String name : acknowledged) {
        String path =
            name.startsWith("user:")
                ? "/api/v1/users/" + name.substring(5)
                : name.contains("@")
                    ? "/api/v1/snapshots?dataset="
                        + URLEncoder.encode(
                            name.substring(0, name.indexOf('@')), StandardCharsets.UTF_8)
                    : "/api/v1/datasets/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
        HttpResponse<String> r = api.call("GET", path, null);
        assertThat(r.statusCode()).as("%s after kill -9: %s", name, r.body()).isEqualTo(200);
        if (name.contains("@") && !name.startsWith("user:")) {
          assertThat(JSON.readTree(r.body()).findValuesAsText("name")).as(name).contains(name);
        }
      }
      HttpResponse<String> scrub = api.call("POST", "/api/v1/pools/tank/scrub", null);
      assertThat(scrub.statusCode()).isEqualTo(202);
      long job = JSON.readTree(scrub.body()).get("id").asLong();
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () ->
                  !JSON.readTree(api.call("GET", "/api/v1/jobs/" + job, null).body())
                      .get("state")
                      .asText()
                      .equals("RUNNING"));
      JsonNode result = JSON.readTree(api.call("GET", "/api/v1/jobs/" + job, null).body());
      assertThat(result.get("state").asText()).as(result.toString()).isEqualTo("SUCCESS");
      System.out.printf(
          "kill -9 of kiln serve: %d acknowledged changes all present, scrub clean%n",
          acknowledged.size());
      again.terminate();
    }
  }
}
