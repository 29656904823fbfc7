package dev.kiln.mgmt.routes;

import dev.kiln.mgmt.api.CrudRoutes;
import dev.kiln.mgmt.api.Route;
import dev.kiln.mgmt.users.UserDirectory;
import java.util.ArrayList;
import java.util.List;

/** Users and groups, built with the CRUD template. */
public final class UserRoutes {

  private UserRoutes() {}

  /** The routes. */
  public static List<Route> routes(UserDirectory users) {
    List<Route> routes = new ArrayList<>(CrudRoutes.of(new UserResource(users)));
    routes.addAll(CrudRoutes.of(new GroupResource(users)));
    return List.copyOf(routes);
  }
}
