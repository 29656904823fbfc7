package dev.kiln.mgmt.api;

import dev.kiln.mgmt.auth.Role;
import java.util.ArrayList;
import java.util.List;

/** Turns a {@link CrudResource} into its five routes. */
public final class CrudRoutes {

  private CrudRoutes() {}

  /** List, get, create, update (when the resource has an update schema) and delete. */
  public static List<Route> of(CrudResource<?> r) {
    String item = r.path() + "/{id}";
    List<Route> routes = new ArrayList<>();
    routes.add(
        new Route(
            "GET",
            r.path(),
            r.name() + ".list",
            r.namespace(),
            Role.READONLY,
            "List " + r.name() + "s.",
            null,
            false,
            req -> ApiResponse.ok(r.list())));
    routes.add(
        new Route(
            "GET",
            item,
            r.name() + ".get",
            r.namespace(),
            Role.READONLY,
            "One " + r.name() + ".",
            null,
            false,
            req -> ApiResponse.ok(r.get(req.path("id")))));
    routes.add(
        new Route(
            "POST",
            r.path(),
            r.name() + ".create",
            r.namespace(),
            r.writeRole(),
            "Create a " + r.name() + ".",
            r.createSchema(),
            false,
            req -> ApiResponse.created(r.doCreate(req.body(), req.principal()))));
    if (r.updateSchema() != null) {
      routes.add(
          new Route(
              "PATCH",
              item,
              r.name() + ".update",
              r.namespace(),
              r.writeRole(),
              "Change a " + r.name() + ".",
              r.updateSchema(),
              true,
              req -> ApiResponse.ok(r.doUpdate(req.path("id"), req.body(), req.principal()))));
    }
    routes.add(
        new Route(
            "DELETE",
            item,
            r.name() + ".delete",
            r.namespace(),
            r.writeRole(),
            "Delete a " + r.name() + ".",
            null,
            false,
            req -> {
              r.doDelete(req.path("id"), req.principal());
              return ApiResponse.noContent();
            }));
    return List.copyOf(routes);
  }
}
