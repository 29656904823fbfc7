package dev.kiln.mgmt.routes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.mgmt.api.ApiResponse;
import dev.kiln.mgmt.api.Field;
import dev.kiln.mgmt.api.ProblemException;
import dev.kiln.mgmt.api.Route;
import dev.kiln.mgmt.api.Schema;
import dev.kiln.mgmt.auth.Grants;
import dev.kiln.mgmt.auth.Role;
import dev.kiln.mgmt.auth.WeakPasswordException;
import dev.kiln.mgmt.users.User;
import dev.kiln.mgmt.users.UserDirectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Users and groups: the {@code users} namespace; changing them needs the admin role. */
public final class UserRoutes {

  private static final String NAME = "[a-z_][a-z0-9_-]{0,31}";

  private UserRoutes() {}

  /** The routes. */
  public static List<Route> routes(UserDirectory users) {
    Schema createUser =
        Schema.of(
            Field.string("name", true, NAME, 32, "Login name."),
            Field.string("fullName", false, "[^\\p{Cntrl}]*", 256, "Display name."),
            Field.string("password", true, null, 1024, "Initial password (policy applies)."),
            Field.strings("groups", false, NAME, "Group names."),
            Field.object(
                "roles", false, "Namespace to role (readonly, operator, admin); '*' for all."));
    Schema updateUser =
        Schema.of(
            Field.string("fullName", false, "[^\\p{Cntrl}]*", 256, "Display name."),
            Field.string("password", false, null, 1024, "New password (policy applies)."),
            Field.strings("groups", false, NAME, "Group names."),
            Field.object("roles", false, "Namespace to role."),
            Field.bool("disabled", false, "Refuse every login."));
    Schema createGroup =
        Schema.of(
            Field.string("name", true, NAME, 32, "Group name."),
            Field.object("roles", false, "Namespace to role for members."));
    return List.of(
        new Route(
            "GET",
            "/api/v1/users",
            "user.list",
            "users",
            Role.READONLY,
            "List users.",
            null,
            false,
            req -> ApiResponse.ok(users.users().stream().map(UserRoutes::describe).toList())),
        new Route(
            "GET",
            "/api/v1/users/{name}",
            "user.get",
            "users",
            Role.READONLY,
            "One user.",
            null,
            false,
            req -> ApiResponse.ok(describe(find(users, req.path("name"))))),
        new Route(
            "POST",
            "/api/v1/users",
            "user.create",
            "users",
            Role.ADMIN,
            "Create a user.",
            createUser,
            false,
            req -> {
              JsonNode b = req.body();
              try {
                User u =
                    users.createUser(
                        b.get("name").asText(),
                        b.path("fullName").asText(""),
                        strings(b.get("groups")),
                        grants(b.get("roles")),
                        b.get("password").asText().toCharArray());
                return ApiResponse.created(describe(u));
              } catch (WeakPasswordException e) {
                throw ProblemException.invalid(
                    List.of(new Schema.FieldError("password", e.getMessage())));
              }
            }),
        new Route(
            "PATCH",
            "/api/v1/users/{name}",
            "user.update",
            "users",
            Role.ADMIN,
            "Change a user.",
            updateUser,
            true,
            req -> {
              User u = find(users, req.path("name"));
              JsonNode b = req.body();
              if (b.has("password")) {
                try {
                  u = users.setPassword(u.name(), b.get("password").asText().toCharArray());
                } catch (WeakPasswordException e) {
                  throw ProblemException.invalid(
                      List.of(new Schema.FieldError("password", e.getMessage())));
                }
              }
              User changed =
                  new User(
                      u.name(),
                      u.uid(),
                      b.has("fullName") ? b.get("fullName").asText() : u.fullName(),
                      b.has("groups") ? strings(b.get("groups")) : u.groups(),
                      b.has("roles") ? grants(b.get("roles")) : u.grants(),
                      u.passwordHash(),
                      b.has("disabled") ? b.get("disabled").asBoolean() : u.disabled(),
                      u.created());
              for (String g : changed.groups()) {
                if (users.group(g).isEmpty()) {
                  throw ProblemException.invalid(
                      List.of(new Schema.FieldError("groups", "no such group: " + g)));
                }
              }
              return ApiResponse.ok(describe(users.updateUser(u, changed)));
            }),
        new Route(
            "DELETE",
            "/api/v1/users/{name}",
            "user.delete",
            "users",
            Role.ADMIN,
            "Delete a user.",
            null,
            false,
            req -> {
              if (req.path("name").equals(req.principal().user())) {
                throw ProblemException.conflict("you cannot delete yourself");
              }
              if (!users.deleteUser(req.path("name"))) {
                throw ProblemException.notFound("no such user: " + req.path("name"));
              }
              return ApiResponse.noContent();
            }),
        new Route(
            "GET",
            "/api/v1/groups",
            "group.list",
            "users",
            Role.READONLY,
            "List groups.",
            null,
            false,
            req -> ApiResponse.ok(users.groups())),
        new Route(
            "POST",
            "/api/v1/groups",
            "group.create",
            "users",
            Role.ADMIN,
            "Create a group.",
            createGroup,
            false,
            req ->
                ApiResponse.created(
                    users.createGroup(
                        req.body().get("name").asText(), grants(req.body().get("roles"))))),
        new Route(
            "DELETE",
            "/api/v1/groups/{name}",
            "group.delete",
            "users",
            Role.ADMIN,
            "Delete an empty group.",
            null,
            false,
            req -> {
              if (!users.deleteGroup(req.path("name"))) {
                throw ProblemException.notFound("no such group: " + req.path("name"));
              }
              return ApiResponse.noContent();
            }));
  }

  private static User find(UserDirectory users, String name) throws Exception {
    return users.user(name).orElseThrow(() -> ProblemException.notFound("no such user: " + name));
  }

  private static Map<String, Object> describe(User u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", u.name());
    m.put("uid", u.uid());
    m.put("fullName", u.fullName());
    m.put("groups", u.groups());
    m.put("roles", u.grants().roles());
    m.put("disabled", u.disabled());
    m.put("created", u.created());
    return m;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(e -> out.add(e.asText()));
    }
    return out;
  }

  static Grants grants(JsonNode roles) throws ProblemException {
    if (roles == null || roles.isNull()) {
      return Grants.none();
    }
    Map<String, Role> map = new LinkedHashMap<>();
    if (!roles.isObject()) {
      throw ProblemException.invalid(List.of(new Schema.FieldError("roles", "must be an object")));
    }
    for (var e : roles.properties()) {
      try {
        map.put(e.getKey(), Role.valueOf(e.getValue().asText().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException ex) {
        throw ProblemException.invalid(
            List.of(
                new Schema.FieldError(
                    "roles." + e.getKey(), "must be readonly, operator or admin")));
      }
    }
    try {
      return new Grants(map);
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid(List.of(new Schema.FieldError("roles", e.getMessage())));
    }
  }
}
