package dev.kiln.mgmt.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.kiln.engine.api.error.EngineException;
import dev.kiln.mgmt.audit.AuditEvent;
import dev.kiln.mgmt.audit.AuditLog;
import dev.kiln.mgmt.events.EventBus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the routes: matches the path, authenticates the bearer token, checks the role, limits and
 * parses the body, validates it against the route's schema, calls the handler, turns every error
 * into problem+json, and audits every change and every refusal. Handlers only do their own work.
 */
public final class ApiRouter implements HttpHandler {

  /** Bodies above this are refused with 413 before being read in full. */
  public static final int MAX_BODY = 1 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final List<Route> routes;
  private final List<Pattern> patterns = new ArrayList<>();
  private final Authenticator authenticator;
  private final AuditLog audit;
  private final Clock clock;
  private final EventBus events;

  /** Serves {@code routes}; operation ids and method+path pairs must be unique. */
  public ApiRouter(
      List<Route> routes,
      Authenticator authenticator,
      AuditLog audit,
      Clock clock,
      EventBus events) {
    Map<String, Route> ids = new HashMap<>();
    Map<String, Route> paths = new HashMap<>();
    for (Route r : routes) {
      if (ids.put(r.operationId(), r) != null) {
        throw new IllegalArgumentException("duplicate operation id " + r.operationId());
      }
      if (paths.put(r.method() + " " + r.path(), r) != null) {
        throw new IllegalArgumentException("duplicate route " + r.method() + " " + r.path());
      }
      patterns.add(r.pattern());
    }
    this.routes = List.copyOf(routes);
    this.authenticator = authenticator;
    this.audit = audit;
    this.clock = clock;
    this.events = events;
  }

  /** The routes served. */
  public List<Route> routes() {
    return routes;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    String source = ex.getRemoteAddress().getAddress().getHostAddress();
    String rawPath = ex.getRequestURI().getRawPath();
    Route route = null;
    Principal principal = null;
    try {
      Map<String, String> params = new LinkedHashMap<>();
      boolean pathMatched = false;
      for (int i = 0; i < routes.size() && route == null; i++) {
        Matcher m = patterns.get(i).matcher(rawPath);
        if (m.matches()) {
          pathMatched = true;
          if (routes.get(i).method().equals(ex.getRequestMethod())) {
            route = routes.get(i);
            List<String> names = route.parameterNames();
            for (int g = 0; g < names.size(); g++) {
              params.put(names.get(g), URLDecoder.decode(m.group(g + 1), StandardCharsets.UTF_8));
            }
          }
        }
      }
      if (route == null) {
        throw pathMatched
            ? new ProblemException(
                405,
                "Method Not Allowed",
                ex.getRequestMethod() + " is not allowed here",
                List.of())
            : ProblemException.notFound("no such resource: " + rawPath);
      }
      String authorization = ex.getRequestHeaders().getFirst("Authorization");
      if (route.role() != null) {
        principal = authenticate(authorization);
        if (!principal.grants().allows(route.namespace(), route.role())) {
          throw ProblemException.forbidden(
              "%s needs the %s role in namespace %s"
                  .formatted(
                      route.operationId(),
                      route.role().name().toLowerCase(java.util.Locale.ROOT),
                      route.namespace()));
        }
      }
      JsonNode body = readBody(ex, route);
      ApiRequest req = new ApiRequest(principal, params, query(ex), body, source, authorization);
      ApiResponse res = route.handler().handle(req);
      if (route.mutating()) {
        audit(principal, source, route, resource(params, rawPath), "ok", "");
        if (events != null) {
          events.publish(
              route.operationId(),
              resource(params, rawPath),
              principal == null ? "-" : principal.user());
        }
      }
      if (res.body() instanceof StreamingBody stream) {
        stream(ex, stream);
        return;
      }
      send(
          ex,
          res.status(),
          res.body() == null ? null : JSON.writeValueAsBytes(res.body()),
          "application/json");
    } catch (ProblemException p) {
      if (route == null || route.mutating() || p.status() == 401 || p.status() == 403) {
        audit(principal, source, route, rawPath, p.title(), p.getMessage());
      }
      sendProblem(ex, p);
    } catch (EngineException e) {
      ProblemException p = EngineProblems.of(e);
      audit(principal, source, route, rawPath, p.title(), e.getMessage());
      sendProblem(ex, p);
    } catch (IllegalArgumentException | IllegalStateException e) {
      // Services signal bad input and conflicts with these: a 4xx, never a 500.
      ProblemException p =
          e instanceof IllegalArgumentException
              ? ProblemException.badRequest(e.getMessage())
              : ProblemException.conflict(e.getMessage());
      audit(principal, source, route, rawPath, p.title(), e.getMessage());
      sendProblem(ex, p);
    } catch (Exception e) {
      LOG.error("{} {} failed", ex.getRequestMethod(), rawPath, e);
      audit(principal, source, route, rawPath, "error", String.valueOf(e.getMessage()));
      sendProblem(
          ex,
          new ProblemException(
              500,
              "Internal Server Error",
              "the request failed; see the appliance log",
              List.of()));
    }
  }

  private Principal authenticate(String authorization) throws ProblemException, IOException {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ProblemException.unauthorized("a bearer token is required (POST /api/v1/login)");
    }
    Optional<Principal> p = authenticator.bearer(authorization.substring(7).strip());
    return p.orElseThrow(
        () -> ProblemException.unauthorized("the token is invalid, expired or revoked"));
  }

  private static JsonNode readBody(HttpExchange ex, Route route)
      throws IOException, ProblemException {
    if (route.body() == null) {
      return null;
    }
    byte[] bytes;
    try (InputStream in = ex.getRequestBody()) {
      bytes = in.readNBytes(MAX_BODY + 1);
    }
    if (bytes.length > MAX_BODY) {
      throw new ProblemException(
          413, "Content Too Large", "bodies are limited to " + MAX_BODY + " bytes", List.of());
    }
    JsonNode body;
    try {
      body = bytes.length == 0 ? null : JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw ProblemException.badRequest("malformed JSON: " + e.getOriginalMessage());
    }
    route.body().validate(body, route.partialBody());
    return body;
  }

  private static Map<String, String> query(HttpExchange ex) {
    Map<String, String> q = new LinkedHashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        q.putIfAbsent(k, v);
      }
    }
    return q;
  }

  private static String resource(Map<String, String> params, String path) {
    return params.isEmpty() ? path : String.join("/", params.values());
  }

  private void audit(
      Principal p, String source, Route route, String resource, String result, String detail) {
    try {
      audit.append(
          new AuditEvent(
              clock.instant(),
              p == null ? "-" : p.user(),
              source,
              route == null ? "unrouted" : route.operationId(),
              resource,
              result,
              detail == null ? "" : detail));
    } catch (IOException e) {
      LOG.error("could not write the audit log", e);
    }
  }

  private static void stream(HttpExchange ex, StreamingBody body) throws IOException {
    try (ex) {
      ex.getResponseHeaders().set("Content-Type", "text/event-stream");
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.sendResponseHeaders(200, 0);
      try (OutputStream out = ex.getResponseBody()) {
        body.writeTo(out);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        LOG.debug("event stream closed: {}", e.toString());
      }
    }
  }

  private static void sendProblem(HttpExchange ex, ProblemException p) throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("type", "about:blank");
    doc.put("title", p.title());
    doc.put("status", p.status());
    doc.put("detail", p.getMessage());
    if (!p.errors().isEmpty()) {
      doc.put("errors", p.errors());
    }
    if (p.status() == 401) {
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"kiln\"");
    }
    send(ex, p.status(), JSON.writeValueAsBytes(doc), "application/problem+json");
  }

  private static void send(HttpExchange ex, int status, byte[] body, String type)
      throws IOException {
    try (ex) {
      ex.getResponseHeaders().set("Content-Type", type);
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      if (body == null || status == 204) {
        ex.sendResponseHeaders(status, -1);
        return;
      }
      ex.sendResponseHeaders(status, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
