package dev.kiln.mgmt.routes;

import dev.kiln.common.KilnVersion;
import dev.kiln.common.lifecycle.Health;
import dev.kiln.mgmt.api.ApiResponse;
import dev.kiln.mgmt.api.Route;
import dev.kiln.mgmt.audit.AuditLog;
import dev.kiln.mgmt.auth.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** System information, the certificate, health and the audit trail. */
public final class SystemRoutes {

  private SystemRoutes() {}

  /**
   * The routes.
   *
   * @param clock time source
   * @param started when the daemon started
   * @param hostname the appliance's name
   * @param health every service's health
   * @param audit the audit trail
   * @param certificates the TLS certificate
   */
  public static List<Route> routes(
      Clock clock,
      Instant started,
      String hostname,
      Supplier<Map<String, Health>> health,
      AuditLog audit,
      CertificateManager certificates) {
    dev.kiln.mgmt.api.Schema certificate =
        dev.kiln.mgmt.api.Schema.of(
            dev.kiln.mgmt.api.Field.string(
                "certificate", true, null, 65_536, "PEM certificate (chain not yet supported)."),
            dev.kiln.mgmt.api.Field.string(
                "privateKey", true, null, 65_536, "PEM private key (PKCS#8, EC or RSA)."));
    return List.of(
        new Route(
            "GET",
            "/api/v1/system/certificate",
            "system.certificate.get",
            "system",
            Role.READONLY,
            "The TLS certificate the management API presents.",
            null,
            false,
            req -> ApiResponse.ok(certificates.describe())),
        new Route(
            "PUT",
            "/api/v1/system/certificate",
            "system.certificate.install",
            "system",
            Role.ADMIN,
            "Install a certificate and key; new connections present it at once.",
            certificate,
            false,
            req -> {
              certificates.install(
                  req.body().get("certificate").asText(), req.body().get("privateKey").asText());
              return ApiResponse.ok(certificates.describe());
            }),
        new Route(
            "GET",
            "/api/v1/health",
            "system.health",
            "system",
            null,
            "Minimal liveness check: overall status only.",
            null,
            false,
            req -> {
              boolean up =
                  health.get().values().stream().allMatch(h -> h.state() == Health.State.UP);
              return new ApiResponse(up ? 200 : 503, Map.of("status", up ? "UP" : "DEGRADED"));
            }),
        new Route(
            "GET",
            "/api/v1/system",
            "system.info",
            "system",
            Role.READONLY,
            "Version, host name, time, time zone, uptime and service health.",
            null,
            false,
            req -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("version", KilnVersion.version());
              m.put("hostname", hostname);
              m.put("time", clock.instant());
              m.put("timeZone", clock.getZone().getId());
              m.put("uptimeSeconds", Duration.between(started, clock.instant()).toSeconds());
              Map<String, Object> services = new LinkedHashMap<>();
              health
                  .get()
                  .forEach(
                      (k, v) -> services.put(k, Map.of("state", v.state(), "detail", v.detail())));
              m.put("services", services);
              return ApiResponse.ok(m);
            }),
        new Route(
            "GET",
            "/api/v1/audit",
            "audit.list",
            "audit",
            Role.ADMIN,
            "The newest audit events (?limit=N, default 100) and whether the chain is intact.",
            null,
            false,
            req -> {
              int limit = Math.clamp(Integer.parseInt(req.query("limit").orElse("100")), 1, 10_000);
              return ApiResponse.ok(
                  Map.of("intact", audit.verify() == 0, "events", audit.tail(limit)));
            }));
  }
}
