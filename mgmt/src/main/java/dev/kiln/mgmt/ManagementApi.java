package dev.kiln.mgmt;

import dev.kiln.common.KilnVersion;
import dev.kiln.common.lifecycle.Health;
import dev.kiln.engine.api.manage.StorageEngine;
import dev.kiln.mgmt.api.ApiResponse;
import dev.kiln.mgmt.api.ApiRouter;
import dev.kiln.mgmt.api.OpenApiDocument;
import dev.kiln.mgmt.api.Principal;
import dev.kiln.mgmt.api.Route;
import dev.kiln.mgmt.api.StreamingBody;
import dev.kiln.mgmt.audit.AuditLog;
import dev.kiln.mgmt.auth.ApiTokens;
import dev.kiln.mgmt.auth.Role;
import dev.kiln.mgmt.auth.SessionTokens;
import dev.kiln.mgmt.events.ChangeNotice;
import dev.kiln.mgmt.events.EventBus;
import dev.kiln.mgmt.iscsi.IscsiTargets;
import dev.kiln.mgmt.jobs.JobManager;
import dev.kiln.mgmt.routes.AuthRoutes;
import dev.kiln.mgmt.routes.CertificateManager;
import dev.kiln.mgmt.routes.IscsiTargetResource;
import dev.kiln.mgmt.routes.JobRoutes;
import dev.kiln.mgmt.routes.ServiceRoutes;
import dev.kiln.mgmt.routes.StorageRoutes;
import dev.kiln.mgmt.routes.SystemRoutes;
import dev.kiln.mgmt.routes.UserRoutes;
import dev.kiln.mgmt.services.ServiceSettings;
import dev.kiln.mgmt.users.User;
import dev.kiln.mgmt.users.UserDirectory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Assembles the REST API from the services' routes; the daemon mounts the router. */
public final class ManagementApi {

  private ManagementApi() {}

  /**
   * The router for every route, with bearer authentication by session token or API token.
   *
   * @param users local users
   * @param sessions session tokens
   * @param tokens API tokens
   * @param audit the audit trail
   * @param clock time source
   * @param hostname the appliance name
   * @param health service health
   * @param bound bound ports per registry row
   * @param engine the storage engine while it runs
   * @param jobs the job manager
   * @param certificates the TLS certificate
   * @param services the services' enabled settings
   * @param iscsiTargets the configured iSCSI targets
   */
  public static ApiRouter router(
      UserDirectory users,
      SessionTokens sessions,
      ApiTokens tokens,
      AuditLog audit,
      Clock clock,
      String hostname,
      Supplier<Map<String, Health>> health,
      Supplier<Map<String, List<Integer>>> bound,
      Supplier<StorageEngine> engine,
      JobManager jobs,
      CertificateManager certificates,
      ServiceSettings services,
      IscsiTargets iscsiTargets) {
    List<Route> routes = new ArrayList<>();
    routes.addAll(StorageRoutes.routes(engine, jobs));
    routes.addAll(JobRoutes.routes(jobs));
    routes.addAll(ServiceRoutes.routes(services, bound));
    routes.addAll(AuthRoutes.routes(users, sessions, tokens));
    routes.addAll(UserRoutes.routes(users));
    routes.addAll(IscsiTargetResource.routes(iscsiTargets, engine));
    routes.addAll(
        SystemRoutes.routes(clock, clock.instant(), hostname, health, audit, certificates));
    EventBus events = new EventBus(clock);
    routes.add(
        new Route(
            "GET",
            "/api/v1/events",
            "event.stream",
            "system",
            Role.READONLY,
            "Server-sent events: one 'change' event per successful change (type, resource, user).",
            null,
            false,
            req -> ApiResponse.ok((StreamingBody) out -> streamEvents(events, out))));
    // The document describes every route, itself included: it reads the final list.
    AtomicReference<List<Route>> all = new AtomicReference<>();
    routes.add(
        new Route(
            "GET",
            "/api/v1/openapi.json",
            "system.openapi",
            "system",
            Role.READONLY,
            "This API's OpenAPI 3.1 description.",
            null,
            false,
            req -> ApiResponse.ok(OpenApiDocument.of(all.get(), KilnVersion.version()))));
    all.set(List.copyOf(routes));
    return new ApiRouter(
        routes,
        bearer -> {
          Optional<SessionTokens.Claims> session = sessions.verify(bearer);
          if (session.isPresent()) {
            return principal(users, session.get().user(), "session:" + session.get().id());
          }
          Optional<ApiTokens.TokenRecord> token = tokens.verify(bearer);
          if (token.isPresent()) {
            return principal(users, token.get().owner(), "token:" + token.get().id());
          }
          return Optional.empty();
        },
        audit,
        clock,
        events);
  }

  private static void streamEvents(EventBus events, java.io.OutputStream out)
      throws java.io.IOException, InterruptedException {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    try (EventBus.Subscription sub = events.subscribe()) {
      out.write(": kiln event stream\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.flush();
      while (true) {
        ChangeNotice n = sub.poll(15_000);
        long lost = sub.takeLost();
        StringBuilder sb = new StringBuilder();
        if (lost > 0) {
          sb.append("event: lost\ndata: ").append(lost).append("\n\n");
        }
        if (n == null) {
          sb.append(": keep-alive\n\n"); // also detects clients that went away
        } else {
          sb.append("id: ")
              .append(n.id())
              .append("\nevent: change\ndata: ")
              .append(json.writeValueAsString(n))
              .append("\n\n");
        }
        out.write(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.flush();
      }
    }
  }

  private static Optional<Principal> principal(UserDirectory users, String name, String via)
      throws java.io.IOException {
    Optional<User> u = users.user(name);
    if (u.isEmpty() || u.get().disabled()) {
      return Optional.empty(); // deleted or disabled since the token was issued
    }
    return Optional.of(new Principal(name, users.effectiveGrants(u.get()), via));
  }
}
