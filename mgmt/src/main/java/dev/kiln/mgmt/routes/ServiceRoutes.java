package dev.kiln.mgmt.routes;

import dev.kiln.common.net.PortRegistry;
import dev.kiln.common.net.PortRow;
import dev.kiln.common.net.Readiness;
import dev.kiln.common.net.ServiceId;
import dev.kiln.mgmt.api.ApiResponse;
import dev.kiln.mgmt.api.Field;
import dev.kiln.mgmt.api.ProblemException;
import dev.kiln.mgmt.api.Route;
import dev.kiln.mgmt.api.Schema;
import dev.kiln.mgmt.auth.Role;
import dev.kiln.mgmt.services.ServiceSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The port table's services: list, status, enable and disable. The setting is what a service reads
 * when it starts; a service that is not built yet keeps the setting for when it is.
 */
public final class ServiceRoutes {

  private ServiceRoutes() {}

  /** The routes. */
  public static List<Route> routes(
      ServiceSettings settings, Supplier<Map<String, List<Integer>>> bound) {
    Schema update = Schema.of(Field.bool("enabled", true, "Whether the service should run."));
    return List.of(
        new Route(
            "GET",
            "/api/v1/services",
            "service.list",
            "system",
            Role.READONLY,
            "Every row of the port table with its ports, readiness, setting and bound ports.",
            null,
            false,
            req -> {
              List<Object> out = new ArrayList<>();
              Map<String, List<Integer>> b = bound.get();
              for (PortRow r : PortRegistry.rows()) {
                out.add(describe(r, settings.enabled(r.id()), b.get(r.id().key())));
              }
              return ApiResponse.ok(out);
            }),
        new Route(
            "GET",
            "/api/v1/services/{id}",
            "service.get",
            "system",
            Role.READONLY,
            "One service with its status.",
            null,
            false,
            req -> {
              PortRow r = row(req.path("id"));
              return ApiResponse.ok(
                  describe(r, settings.enabled(r.id()), bound.get().get(r.id().key())));
            }),
        new Route(
            "PATCH",
            "/api/v1/services/{id}",
            "service.update",
            "system",
            Role.ADMIN,
            "Enable or disable a service.",
            update,
            false,
            req -> {
              PortRow r = row(req.path("id"));
              boolean enabled = req.body().get("enabled").asBoolean();
              if (r.id() == ServiceId.BSRAPID && !enabled) {
                throw ProblemException.conflict(
                    "disabling the management API through the management API would lock every"
                        + " administrator out; stop the appliance from its console instead");
              }
              if (!r.listens()) {
                throw ProblemException.conflict(
                    r.id().key() + " only connects out; it is configured, not enabled");
              }
              settings.setEnabled(r.id(), enabled);
              return ApiResponse.ok(describe(r, enabled, bound.get().get(r.id().key())));
            }));
  }

  private static PortRow row(String id) throws ProblemException {
    try {
      return PortRegistry.row(ServiceId.ofKey(id));
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("no such service: " + id);
    }
  }

  private static Map<String, Object> describe(PortRow r, boolean enabled, List<Integer> bound) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id().key());
    m.put("service", r.service());
    m.put("ports", r.ports());
    m.put("protocol", r.protocolLabel());
    m.put("direction", r.direction().seedName());
    m.put("purpose", r.purpose());
    m.put("module", r.module());
    m.put("readiness", r.readiness().label());
    m.put("enabled", enabled);
    String state;
    if (bound != null && !bound.isEmpty()) {
      state = "running";
    } else if (r.readiness() == Readiness.PLANNED) {
      state = "not implemented yet";
    } else if (!r.listens()) {
      state = "client";
    } else {
      state = enabled ? "stopped" : "disabled";
    }
    m.put("state", state);
    m.put("bound", bound == null ? List.of() : bound);
    return m;
  }
}
