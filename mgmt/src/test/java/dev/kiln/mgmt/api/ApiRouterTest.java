package dev.kiln.mgmt.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.kiln.common.lifecycle.Health;
import dev.kiln.mgmt.ManagementApi;
import dev.kiln.mgmt.audit.AuditLog;
import dev.kiln.mgmt.auth.ApiTokens;
import dev.kiln.mgmt.auth.Grants;
import dev.kiln.mgmt.auth.LoginGuard;
import dev.kiln.mgmt.auth.MutableClock;
import dev.kiln.mgmt.auth.PasswordPolicy;
import dev.kiln.mgmt.auth.Role;
import dev.kiln.mgmt.auth.SessionTokens;
import dev.kiln.mgmt.jobs.JobManager;
import dev.kiln.mgmt.store.EmbeddedConfigStore;
import dev.kiln.mgmt.users.UserDirectory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The API over a real HTTP listener with the JDK client: authentication, roles, bad input. */
class ApiRouterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN_PW = "admin passphrase 1";
  private static final String VIEWER_PW = "glass window tulip 9";

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T06:00:00Z"));
  private EmbeddedConfigStore store;
  private AuditLog audit;
  private HttpServer server;
  private ApiRouter router;
  private String base;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    store = EmbeddedConfigStore.open(dir.resolve("config"));
    audit = AuditLog.open(dir.resolve("audit.log"));
    SecureRandom random = new SecureRandom();
    UserDirectory users =
        new UserDirectory(
            store, clock, random, PasswordPolicy.defaults(), LoginGuard.defaults(clock), 1_000);
    users.createUser("root", "", List.of(), Grants.everywhere(Role.ADMIN), ADMIN_PW.toCharArray());
    users.createUser(
        "viewer", "", List.of(), Grants.everywhere(Role.READONLY), VIEWER_PW.toCharArray());
    byte[] key = new byte[32];
    random.nextBytes(key);
    router =
        ManagementApi.router(
            users,
            new SessionTokens(key, clock, Duration.ofHours(1), random),
            new ApiTokens(store, clock, random),
            audit,
            clock,
            "nas1",
            () -> Map.of("mgmt-http", Health.up()),
            () -> Map.of("bsrapid", List.of(80, 443, 8443)),
            () -> {
              throw new IllegalStateException("storage is not running in this test");
            },
            new JobManager(clock),
            new dev.kiln.mgmt.routes.CertificateManager() {
              @Override
              public Map<String, Object> describe() {
                return Map.of("sha256", "test");
              }

              @Override
              public void install(String certificatePem, String privateKeyPem) {
                throw new IllegalArgumentException("not a certificate");
              }
            },
            new dev.kiln.mgmt.services.ServiceSettings(store),
            new dev.kiln.mgmt.iscsi.IscsiTargets(store));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext("/api/v1/", router);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop(0);
    audit.close();
    store.close();
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
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String pw) {
    return "Basic "
        + Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
  }

  private String login(String user, String pw) throws Exception {
    HttpResponse<String> r = call("POST", "/api/v1/login", basic(user, pw), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("token").asText();
  }

  private static String concrete(String template) {
    return template.replaceAll("\\{[a-zA-Z]+}", "x");
  }

  @Test
  void onlyLoginAndHealthAnswerWithoutAToken() throws Exception {
    assertThat(call("GET", "/api/v1/health", null, null).statusCode()).isEqualTo(200);
    for (Route r : router.routes()) {
      if (r.role() == null) {
        continue;
      }
      HttpResponse<String> res =
          call(r.method(), concrete(r.path()), null, r.body() == null ? null : "{}");
      assertThat(res.statusCode()).as(r.operationId()).isEqualTo(401);
      assertThat(res.headers().firstValue("Content-Type")).contains("application/problem+json");
      assertThat(res.headers().firstValue("WWW-Authenticate")).isPresent();
    }
  }

  @Test
  void wrongForgedExpiredAndRevokedCredentialsAreRefused() throws Exception {
    assertThat(call("POST", "/api/v1/login", basic("root", "nope"), null).statusCode())
        .isEqualTo(401);
    assertThat(call("POST", "/api/v1/login", "Basic !!!", null).statusCode()).isEqualTo(401);
    String token = login("root", ADMIN_PW);
    HttpResponse<String> listed = call("GET", "/api/v1/users", token, null);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.body())
        .contains("root")
        .doesNotContainIgnoringCase("nthash")
        .doesNotContain(dev.kiln.mgmt.auth.NtHash.of(ADMIN_PW.toCharArray()));
    assertThat(
            call("GET", "/api/v1/users", token.substring(0, token.length() - 2) + "AA", null)
                .statusCode())
        .isEqualTo(401);
    clock.advance(Duration.ofHours(2));
    assertThat(call("GET", "/api/v1/users", token, null).statusCode()).isEqualTo(401);
    String fresh = login("root", ADMIN_PW);
    assertThat(call("POST", "/api/v1/logout", fresh, null).statusCode()).isEqualTo(204);
    assertThat(call("GET", "/api/v1/users", fresh, null).statusCode()).isEqualTo(401);
  }

  @Test
  void apiTokensWorkUntilRevoked() throws Exception {
    String session = login("root", ADMIN_PW);
    HttpResponse<String> made = call("POST", "/api/v1/tokens", session, "{\"name\":\"backup\"}");
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    JsonNode t = JSON.readTree(made.body());
    String apiToken = t.get("token").asText();
    assertThat(call("GET", "/api/v1/system", apiToken, null).statusCode()).isEqualTo(200);
    assertThat(call("GET", "/api/v1/tokens", session, null).body())
        .doesNotContain(apiToken.substring(30));
    assertThat(call("DELETE", "/api/v1/tokens/" + t.get("id").asText(), session, null).statusCode())
        .isEqualTo(204);
    assertThat(call("GET", "/api/v1/system", apiToken, null).statusCode()).isEqualTo(401);
  }

  @Test
  void aReadonlyUserCannotChangeAnything() throws Exception {
    String token = login("viewer", VIEWER_PW);
    long revision = store.revision();
    for (Route r : router.routes()) {
      if (!r.mutating() || r.role() == null || r.operationId().equals("auth.logout")) {
        continue;
      }
      HttpResponse<String> res =
          call(r.method(), concrete(r.path()), token, r.body() == null ? null : "{}");
      assertThat(res.statusCode()).as(r.operationId() + ": " + res.body()).isEqualTo(403);
    }
    assertThat(store.revision()).isEqualTo(revision);
    assertThat(call("GET", "/api/v1/users", token, null).statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"name\":\"a/b\",\"password\":\"long enough password\"}",
        "{\"name\":\"..\",\"password\":\"long enough password\"}",
        "{\"name\":\"a\\u0000b\",\"password\":\"long enough password\"}",
        "{\"name\":\"LONGNAME\",\"password\":\"long enough password\"}",
        "{\"name\":\"ok\",\"password\":\"short\"}",
        "{\"name\":\"ok\",\"password\":\"long enough password\",\"uid\":-5}",
        "{\"name\":\"ok\",\"password\":\"long enough password\",\"roles\":{\"*\":\"god\"}}",
        "{\"name\":\"ok\",\"password\":\"long enough password\",\"groups\":[\"nope\"]}",
        "{\"name\":\"ok\"",
        "[1,2,3]",
        "\"just a string\""
      })
  void badInputGetsAClear4xxAndChangesNothing(String body) throws Exception {
    String token = login("root", ADMIN_PW);
    long revision = store.revision();
    HttpResponse<String> res = call("POST", "/api/v1/users", token, body);
    assertThat(res.statusCode()).as(res.body()).isBetween(400, 499);
    assertThat(res.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(store.revision()).isEqualTo(revision);
  }

  @Test
  void oversizedAndTenThousandCharacterInputsAreRefused() throws Exception {
    String token = login("root", ADMIN_PW);
    long revision = store.revision();
    String longName =
        "{\"name\":\"" + "a".repeat(10_000) + "\",\"password\":\"long enough password\"}";
    assertThat(call("POST", "/api/v1/users", token, longName).statusCode()).isEqualTo(422);
    String huge = "{\"name\":\"" + "a".repeat(2 << 20) + "\"}";
    assertThat(call("POST", "/api/v1/users", token, huge).statusCode()).isEqualTo(413);
    assertThat(store.revision()).isEqualTo(revision);
  }

  @Test
  void fieldErrorsNameEveryBadField() throws Exception {
    String token = login("root", ADMIN_PW);
    HttpResponse<String> res =
        call("POST", "/api/v1/users", token, "{\"name\":\"A\",\"colour\":\"red\"}");
    assertThat(res.statusCode()).isEqualTo(422);
    JsonNode errors = JSON.readTree(res.body()).get("errors");
    assertThat(errors.findValuesAsText("field"))
        .containsExactlyInAnyOrder("name", "password", "colour");
  }

  @Test
  void adminManagesUsersAndEveryChangeIsAudited() throws Exception {
    String token = login("root", ADMIN_PW);
    assertThat(
            call(
                    "POST",
                    "/api/v1/groups",
                    token,
                    "{\"name\":\"ops\",\"roles\":{\"storage\":\"operator\"}}")
                .statusCode())
        .isEqualTo(201);
    HttpResponse<String> created =
        call(
            "POST",
            "/api/v1/users",
            token,
            "{\"name\":\"carol\",\"password\":\"seven blue pebbles\",\"groups\":[\"ops\"]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.body()).doesNotContain("seven blue pebbles").doesNotContain("pbkdf2");
    assertThat(
            call("PATCH", "/api/v1/users/carol", token, "{\"fullName\":\"Carol C.\"}").statusCode())
        .isEqualTo(200);
    assertThat(call("DELETE", "/api/v1/users/carol", token, null).statusCode()).isEqualTo(204);
    assertThat(call("DELETE", "/api/v1/users/carol", token, null).statusCode()).isEqualTo(404);
    JsonNode auditDoc = JSON.readTree(call("GET", "/api/v1/audit?limit=50", token, null).body());
    assertThat(auditDoc.get("intact").asBoolean()).isTrue();
    assertThat(auditDoc.get("events").findValuesAsText("action"))
        .contains("auth.login", "group.create", "user.create", "user.update", "user.delete");
    assertThat(auditDoc.get("events").findValuesAsText("user")).contains("root");
  }

  @Test
  void everyRouteIsInTheOpenApiDocument() throws Exception {
    String token = login("viewer", VIEWER_PW);
    JsonNode doc = JSON.readTree(call("GET", "/api/v1/openapi.json", token, null).body());
    assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
    for (Route r : router.routes()) {
      JsonNode op =
          doc.path("paths").path(r.path()).path(r.method().toLowerCase(java.util.Locale.ROOT));
      assertThat(op.isMissingNode()).as(r.method() + " " + r.path()).isFalse();
      assertThat(op.get("operationId").asText()).isEqualTo(r.operationId());
    }
  }

  @Test
  void unknownPathsAndMethodsAreProblems() throws Exception {
    String token = login("root", ADMIN_PW);
    assertThat(call("GET", "/api/v1/nothing", token, null).statusCode()).isEqualTo(404);
    assertThat(call("PUT", "/api/v1/users", token, "{}").statusCode()).isEqualTo(405);
  }

  @Test
  void changesAreStreamedAsServerSentEvents() throws Exception {
    String viewer = login("viewer", VIEWER_PW);
    String admin = login("root", ADMIN_PW);
    java.util.Queue<String> lines = new java.util.concurrent.ConcurrentLinkedQueue<>();
    HttpRequest sse =
        HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
            .header("Authorization", "Bearer " + viewer)
            .build();
    var pending = http.sendAsync(sse, HttpResponse.BodyHandlers.ofLines());
    HttpResponse<java.util.stream.Stream<String>> res =
        pending.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("Content-Type")).contains("text/event-stream");
    Thread reader = Thread.ofVirtual().start(() -> res.body().forEach(lines::add));
    org.awaitility.Awaitility.await().until(() -> lines.contains(": kiln event stream"));
    assertThat(call("POST", "/api/v1/groups", admin, "{\"name\":\"watchers\"}").statusCode())
        .isEqualTo(201);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                lines.stream().anyMatch(l -> l.startsWith("data: ") && l.contains("group.create")));
    String data = lines.stream().filter(l -> l.contains("group.create")).findFirst().orElseThrow();
    JsonNode event = JSON.readTree(data.substring("data: ".length()));
    assertThat(event.get("user").asText()).isEqualTo("root");
    assertThat(lines).contains("event: change");
    reader.interrupt();
  }

  @Test
  void servicesCanBeDisabledButNotTheApiItself() throws Exception {
    String token = login("root", ADMIN_PW);
    HttpResponse<String> nfs = call("PATCH", "/api/v1/services/nfs", token, "{\"enabled\":false}");
    assertThat(nfs.statusCode()).as(nfs.body()).isEqualTo(200);
    JsonNode one = JSON.readTree(call("GET", "/api/v1/services/nfs", token, null).body());
    assertThat(one.get("enabled").asBoolean()).isFalse();
    assertThat(one.get("state").asText()).isEqualTo("disabled");
    assertThat(call("PATCH", "/api/v1/services/snmp", token, "{\"enabled\":false}").statusCode())
        .isEqualTo(200);
    JsonNode planned = JSON.readTree(call("GET", "/api/v1/services/snmp", token, null).body());
    assertThat(planned.get("state").asText()).isEqualTo("not implemented yet");
    assertThat(call("PATCH", "/api/v1/services/bsrapid", token, "{\"enabled\":false}").statusCode())
        .isEqualTo(409);
    assertThat(call("PATCH", "/api/v1/services/mail", token, "{\"enabled\":false}").statusCode())
        .isEqualTo(409);
    assertThat(call("PATCH", "/api/v1/services/nope", token, "{\"enabled\":false}").statusCode())
        .isEqualTo(404);
    JsonNode all = JSON.readTree(call("GET", "/api/v1/services", token, null).body());
    assertThat(all).hasSize(26);
    assertThat(all.findValuesAsText("state")).contains("running");
    assertThat(call("PATCH", "/api/v1/services/nfs", token, "{\"enabled\":true}").statusCode())
        .isEqualTo(200);
  }
}
