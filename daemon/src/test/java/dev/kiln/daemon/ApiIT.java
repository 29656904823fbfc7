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
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The REST API of a running `kiln serve` over real HTTPS: storage resources, jobs, roles. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;
  private KilnProcess kiln;
  private HttpClient http;
  private String base;
  private String admin;

  @BeforeAll
  void start() throws Exception {
    Files.writeString(
        dataDir.resolve("kiln.conf"),
        "listen.address = 127.0.0.1\nports.bsrapid = 0,0,0\nports.iscsi = 0,0\nports.nfs-rpc = 0\nports.nfs = 0\nports.smb = 0,0\nports.nfs-lockmgr = 0\nports.ssh = 0\npool.default.size = 1G\n");
    kiln = KilnProcess.start("serve", "--data-dir", dataDir.toString());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> kiln.printed("ready:") || !kiln.process().isAlive());
    assertThat(kiln.process().isAlive()).as(kiln.output()).isTrue();
    String password = kiln.initialPassword();
    int port = RuntimeState.read(dataDir).bound().get("bsrapid").get(1);
    base = "https://localhost:" + port;
    SSLContext ctx = PinnedTls.trusting(Files.readString(dataDir.resolve("identity/tls-cert.pem")));
    http = HttpClient.newBuilder().sslContext(ctx).build();
    admin = login("admin", password);
  }

  @AfterAll
  void stop() throws Exception {
    kiln.terminate();
    kiln.close();
  }

  private HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (token != null) {
      b.header("Authorization", token.startsWith("Basic ") ? token : "Bearer " + token);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String login(String user, String password) throws Exception {
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = call("POST", "/api/v1/login", basic, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("token").asText();
  }

  private JsonNode awaitJob(HttpResponse<String> started) throws Exception {
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    long id = JSON.readTree(started.body()).get("id").asLong();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                !JSON.readTree(call("GET", "/api/v1/jobs/" + id, admin, null).body())
                    .get("state")
                    .asText()
                    .equals("RUNNING"));
    return JSON.readTree(call("GET", "/api/v1/jobs/" + id, admin, null).body());
  }

  private static String enc(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8);
  }

  @Test
  void datasetsAndSnapshotsThroughTheApi() throws Exception {
    HttpResponse<String> created =
        call(
            "POST",
            "/api/v1/datasets",
            admin,
            "{\"name\":\"tank/projects\",\"properties\":{\"compression\":\"zstd\"}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(
            call("POST", "/api/v1/datasets", admin, "{\"name\":\"tank/projects/a\"}").statusCode())
        .isEqualTo(201);
    JsonNode got =
        JSON.readTree(
            call("GET", "/api/v1/datasets/" + enc("tank/projects/a"), admin, null).body());
    assertThat(got.at("/properties/compression/value").asText()).isEqualTo("zstd");
    assertThat(got.at("/properties/compression/source").asText()).isEqualTo("inherited");

    assertThat(
            call(
                    "PATCH",
                    "/api/v1/datasets/" + enc("tank/projects/a"),
                    admin,
                    "{\"properties\":{\"quota\":\"1G\"}}")
                .statusCode())
        .isEqualTo(200);
    HttpResponse<String> snap =
        call(
            "POST",
            "/api/v1/snapshots",
            admin,
            "{\"name\":\"tank/projects@v1\",\"recursive\":true}");
    assertThat(snap.statusCode()).as(snap.body()).isEqualTo(201);
    assertThat(JSON.readTree(snap.body()).findValuesAsText("name"))
        .contains("tank/projects@v1", "tank/projects/a@v1");
    assertThat(
            call(
                    "POST",
                    "/api/v1/snapshots/" + enc("tank/projects@v1") + "/hold",
                    admin,
                    "{\"tag\":\"keep\"}")
                .statusCode())
        .isEqualTo(200);
    HttpResponse<String> refused =
        call("DELETE", "/api/v1/snapshots/" + enc("tank/projects@v1"), admin, null);
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(
            call(
                    "POST",
                    "/api/v1/snapshots/" + enc("tank/projects@v1") + "/release",
                    admin,
                    "{\"tag\":\"keep\"}")
                .statusCode())
        .isEqualTo(200);
    HttpResponse<String> clone =
        call(
            "POST",
            "/api/v1/snapshots/" + enc("tank/projects@v1") + "/clone",
            admin,
            "{\"newName\":\"tank/restored\"}");
    assertThat(clone.statusCode()).as(clone.body()).isEqualTo(201);
    assertThat(JSON.readTree(clone.body()).get("origin").asText()).isEqualTo("tank/projects@v1");
    // Destroying and rolling back run as jobs.
    JsonNode rollback =
        awaitJob(
            call(
                "POST", "/api/v1/snapshots/" + enc("tank/projects@v1") + "/rollback", admin, "{}"));
    assertThat(rollback.get("state").asText()).as(rollback.toString()).isEqualTo("SUCCESS");
    assertThat(rollback.get("kind").asText()).isEqualTo("snapshot.rollback");
    JsonNode busy =
        awaitJob(call("DELETE", "/api/v1/datasets/" + enc("tank/projects"), admin, null));
    assertThat(busy.get("state").asText()).as("children and a clone remain").isEqualTo("FAILED");
    assertThat(busy.get("error").asText()).isNotBlank();
    assertThat(
            awaitJob(call("DELETE", "/api/v1/datasets/" + enc("tank/restored"), admin, null))
                .get("state")
                .asText())
        .isEqualTo("SUCCESS");
    assertThat(
            awaitJob(
                    call(
                        "DELETE",
                        "/api/v1/datasets/" + enc("tank/projects") + "?recursive=true",
                        admin,
                        null))
                .get("state")
                .asText())
        .isEqualTo("SUCCESS");
    assertThat(call("DELETE", "/api/v1/datasets/" + enc("tank/ghost"), admin, null).statusCode())
        .isEqualTo(404);
    assertThat(call("GET", "/api/v1/datasets/" + enc("tank/projects"), admin, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void scrubRunsAsAJob() throws Exception {
    HttpResponse<String> started = call("POST", "/api/v1/pools/tank/scrub", admin, null);
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    long id = JSON.readTree(started.body()).get("id").asLong();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                !JSON.readTree(call("GET", "/api/v1/jobs/" + id, admin, null).body())
                    .get("state")
                    .asText()
                    .equals("RUNNING"));
    JsonNode job = JSON.readTree(call("GET", "/api/v1/jobs/" + id, admin, null).body());
    assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("SUCCESS");
    assertThat(job.get("progress").asInt()).isEqualTo(100);
    assertThat(job.get("log").toString()).contains("0 error(s)");
  }

  @Test
  void aReadonlyUserReadsButCannotChangeStorage() throws Exception {
    assertThat(
            call(
                    "POST",
                    "/api/v1/users",
                    admin,
                    "{\"name\":\"auditor\",\"password\":\"quiet library lamp\",\"roles\":{\"*\":\"readonly\"}}")
                .statusCode())
        .isEqualTo(201);
    String ro = login("auditor", "quiet library lamp");
    assertThat(call("GET", "/api/v1/pools", ro, null).statusCode()).isEqualTo(200);
    assertThat(call("POST", "/api/v1/datasets", ro, "{\"name\":\"tank/nope\"}").statusCode())
        .isEqualTo(403);
    assertThat(call("POST", "/api/v1/pools/tank/scrub", ro, null).statusCode()).isEqualTo(403);
    assertThat(call("GET", "/api/v1/datasets/" + enc("tank/nope"), admin, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void badDatasetInputIsRefusedAndChangesNothing() throws Exception {
    String before = call("GET", "/api/v1/datasets", admin, null).body();
    for (String body :
        List.of(
            "{\"name\":\"tank/../x\"}",
            "{\"name\":\"tank/a\\u0000b\"}",
            "{\"name\":\"" + "tank/" + "x".repeat(10_000) + "\"}",
            "{\"name\":\"tank/q\",\"properties\":{\"quota\":\"-5\"}}",
            "{\"name\":\"tank/q\",\"properties\":{\"colour\":\"red\"}}",
            "{\"name\":\"nopool/q\"}",
            "{\"name\":\"tank/q\",\"type\":\"tape\"}",
            "{\"name\":")) {
      HttpResponse<String> r = call("POST", "/api/v1/datasets", admin, body);
      assertThat(r.statusCode())
          .as(body.length() > 80 ? body.substring(0, 80) : body)
          .isBetween(400, 499);
    }
    assertThat(call("GET", "/api/v1/datasets", admin, null).body()).isEqualTo(before);
  }

  @Test
  void concurrentClientsListAndCreateWithoutErrorsOrLostUpdates() throws Exception {
    int clients = 10;
    AtomicInteger errors = new AtomicInteger();
    List<Thread> threads = new java.util.ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int id = c;
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      for (int i = 0; i < 5; i++) {
                        if (call(
                                        "POST",
                                        "/api/v1/datasets",
                                        admin,
                                        "{\"name\":\"tank/c" + id + "-" + i + "\"}")
                                    .statusCode()
                                != 201
                            || call("GET", "/api/v1/datasets", admin, null).statusCode() != 200) {
                          errors.incrementAndGet();
                        }
                      }
                    } catch (Exception e) {
                      errors.incrementAndGet();
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(errors.get()).isZero();
    JsonNode all = JSON.readTree(call("GET", "/api/v1/datasets?root=tank", admin, null).body());
    assertThat(all.findValuesAsText("name").stream().filter(n -> n.startsWith("tank/c")).count())
        .isEqualTo(clients * 5L);
  }
}
