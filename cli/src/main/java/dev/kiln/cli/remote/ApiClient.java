package dev.kiln.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.engine.api.error.AlreadyExistsException;
import dev.kiln.engine.api.error.BusyException;
import dev.kiln.engine.api.error.InvalidArgumentException;
import dev.kiln.engine.api.error.NoSuchEntryException;
import dev.kiln.engine.api.error.NotSupportedException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * A small JSON client for the management API that trusts exactly one certificate (the one pinned at
 * login) and turns problem responses back into the engine's exceptions.
 */
public final class ApiClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String base;
  private final String authorization;

  /** A client for {@code https://host}, trusting {@code certificatePem}. */
  public ApiClient(String host, String certificatePem, String authorization)
      throws GeneralSecurityException, IOException {
    SSLContext ctx = PinnedTls.trusting(certificatePem);
    this.http =
        HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(10)).build();
    this.base = "https://" + host;
    this.authorization = authorization;
  }

  /** URL-encodes one path segment (dataset names contain '/'). */
  public static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Sends a request; returns the JSON body (null for 204) or throws the matching exception. */
  public JsonNode call(String method, String path, Object body) throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofMinutes(5))
            .header("Authorization", authorization)
            .header("Accept", "application/json");
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    }
    HttpResponse<String> res;
    try {
      res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    int status = res.statusCode();
    if (status == 204 || res.body().isEmpty()) {
      return null;
    }
    JsonNode doc = JSON.readTree(res.body());
    if (status < 300) {
      return doc;
    }
    String detail = doc.path("detail").asText(res.body());
    if (doc.has("errors")) {
      StringBuilder sb = new StringBuilder(detail);
      for (JsonNode e : doc.get("errors")) {
        sb.append("; ")
            .append(e.path("field").asText())
            .append(": ")
            .append(e.path("message").asText());
      }
      detail = sb.toString();
    }
    throw switch (status) {
      case 401 ->
          new IOException("not logged in or the token expired: run `kiln login` (" + detail + ")");
      case 403 -> new IOException("not allowed: " + detail);
      case 404 -> new NoSuchEntryException(detail);
      case 409 ->
          detail.contains("exist") ? new AlreadyExistsException(detail) : new BusyException(detail);
      case 400, 422 -> new InvalidArgumentException(detail);
      case 501 -> new NotSupportedException(detail);
      default -> new IOException("HTTP " + status + ": " + detail);
    };
  }
}
