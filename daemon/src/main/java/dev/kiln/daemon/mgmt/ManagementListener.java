package dev.kiln.daemon.mgmt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.kiln.common.lifecycle.Health;
import dev.kiln.common.lifecycle.ManagedService;
import dev.kiln.common.net.PortPlan;
import dev.kiln.common.net.ServiceId;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The seed's bsrapid row (80, 443, 8443), as far as it exists today: HTTPS on 443 and 8443
 * answering {@code GET /api/v1/health}, and HTTP on 80 answering every request with a permanent
 * redirect to HTTPS, so credentials never travel in clear text. The REST API (issue 4) will replace
 * the handler, not the listeners.
 */
public final class ManagementListener implements ManagedService {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String address;
  private final PortPlan plan;
  private final Supplier<SSLContext> tls;
  private final Supplier<HttpHandler> api;
  private final List<HttpServer> servers = new ArrayList<>();
  private ExecutorService executor;
  private volatile List<Integer> bound = List.of();

  /**
   * @param address the address to bind
   * @param plan where the ports come from
   * @param tls the appliance identity's server context
   * @param api the REST API handler, asked for at start (after the configuration service)
   */
  public ManagementListener(
      String address, PortPlan plan, Supplier<SSLContext> tls, Supplier<HttpHandler> api) {
    this.address = address;
    this.plan = plan;
    this.tls = tls;
    this.api = api;
  }

  @Override
  public String name() {
    return "mgmt-http";
  }

  @Override
  public java.util.Set<String> dependsOn() {
    return java.util.Set.of("config");
  }

  @Override
  public void start() throws IOException {
    executor = Executors.newVirtualThreadPerTaskExecutor();
    SSLContext ctx = tls.get();
    HttpHandler handler = api.get();
    HttpsServer https443 = https(plan.port(ServiceId.BSRAPID, 443), ctx, handler);
    HttpsServer https8443 = https(plan.port(ServiceId.BSRAPID, 8443), ctx, handler);
    int redirectTo = https443.getAddress().getPort();
    HttpServer http80 = HttpServer.create(bindAddress(plan.port(ServiceId.BSRAPID, 80)), 64);
    http80.createContext("/", ex -> redirect(ex, redirectTo));
    http80.setExecutor(executor);
    servers.add(http80);
    for (HttpServer s : servers) {
      s.start();
    }
    bound =
        List.of(
            http80.getAddress().getPort(),
            https443.getAddress().getPort(),
            https8443.getAddress().getPort());
  }

  /** The ports actually bound, in the seed's order (80, 443, 8443); empty before start. */
  public List<Integer> boundPorts() {
    return bound;
  }

  @Override
  public void stop() {
    // Stop accepting, give exchanges in flight a moment to finish.
    for (HttpServer s : servers) {
      s.stop(1);
    }
    servers.clear();
    if (executor != null) {
      executor.shutdown();
    }
    bound = List.of();
  }

  @Override
  public Health health() {
    return servers.isEmpty() ? new Health(Health.State.STOPPED, "") : Health.up();
  }

  private HttpsServer https(int port, SSLContext ctx, HttpHandler handler) throws IOException {
    HttpsServer s = HttpsServer.create(bindAddress(port), 256);
    s.setHttpsConfigurator(new HttpsConfigurator(ctx));
    s.createContext("/api/v1/", handler);
    s.createContext("/", ex -> send(ex, 404, problem(404, "Not Found", "no such resource")));
    s.setExecutor(executor);
    servers.add(s);
    return s;
  }

  private InetSocketAddress bindAddress(int port) {
    return new InetSocketAddress(address, port);
  }

  private static void redirect(HttpExchange ex, int httpsPort) throws IOException {
    String host = ex.getRequestHeaders().getFirst("Host");
    if (host == null || host.isBlank()) {
      host = ex.getLocalAddress().getAddress().getHostAddress();
    }
    host = stripPort(host);
    String location =
        "https://" + host + (httpsPort == 443 ? "" : ":" + httpsPort) + ex.getRequestURI();
    ex.getResponseHeaders().add("Location", location);
    send(ex, 308, new byte[0], "text/plain");
  }

  static String stripPort(String host) {
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end > 0 ? host.substring(0, end + 1) : host;
    }
    int colon = host.indexOf(':');
    return colon >= 0 && host.indexOf(':', colon + 1) < 0 ? host.substring(0, colon) : host;
  }

  private static byte[] problem(int status, String title, String detail) throws IOException {
    return JSON.writeValueAsBytes(Map.of("status", status, "title", title, "detail", detail));
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    send(ex, status, body, "application/problem+json");
  }

  private static void send(HttpExchange ex, int status, byte[] body, String type)
      throws IOException {
    try (ex) {
      ex.getResponseHeaders().set("Content-Type", type);
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      boolean head = ex.getRequestMethod().equals("HEAD");
      ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
      if (!head && body.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }
}
