package dev.kiln.mgmt.routes;

import dev.kiln.mgmt.api.ApiRequest;
import dev.kiln.mgmt.api.ApiResponse;
import dev.kiln.mgmt.api.Field;
import dev.kiln.mgmt.api.ProblemException;
import dev.kiln.mgmt.api.Route;
import dev.kiln.mgmt.api.Schema;
import dev.kiln.mgmt.auth.ApiTokens;
import dev.kiln.mgmt.auth.Role;
import dev.kiln.mgmt.auth.SessionTokens;
import dev.kiln.mgmt.users.UserDirectory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Login, logout and API tokens. */
public final class AuthRoutes {

  private AuthRoutes() {}

  /** The routes. */
  public static List<Route> routes(UserDirectory users, SessionTokens sessions, ApiTokens tokens) {
    Schema tokenBody =
        Schema.of(
            Field.string("name", true, "[\\p{Print}&&[^<>]]{1,64}", 64, "What the token is for."),
            Field.integer(
                "expiresInDays", false, 1, 3650, "Days until it stops working; default never."));
    return List.of(
        new Route(
            "POST",
            "/api/v1/login",
            "auth.login",
            "auth",
            null,
            "Exchange Basic credentials for a bearer token.",
            null,
            false,
            req -> login(req, users, sessions)),
        new Route(
            "POST",
            "/api/v1/logout",
            "auth.logout",
            "auth",
            Role.READONLY,
            "Revoke the session token used for this request.",
            null,
            false,
            req -> {
              String via = req.principal().via();
              if (via.startsWith("session:")) {
                sessions.revoke(via.substring("session:".length()));
              }
              return ApiResponse.noContent();
            }),
        new Route(
            "GET",
            "/api/v1/tokens",
            "token.list",
            "auth",
            Role.READONLY,
            "List your API tokens (administrators: all).",
            null,
            false,
            req ->
                ApiResponse.ok(
                    tokens
                        .list(
                            req.principal().grants().allows("auth", Role.ADMIN)
                                ? null
                                : req.principal().user())
                        .stream()
                        .map(AuthRoutes::describe)
                        .toList())),
        new Route(
            "POST",
            "/api/v1/tokens",
            "token.create",
            "auth",
            Role.OPERATOR,
            "Create an API token acting as you; the secret is shown once.",
            tokenBody,
            false,
            req -> {
              var days = req.body().get("expiresInDays");
              ApiTokens.Created made =
                  tokens.create(
                      req.principal().user(),
                      req.body().get("name").asText(),
                      days == null ? null : Instant.now().plusSeconds(days.asLong() * 86_400));
              Map<String, Object> out = describe(made.record());
              out.put("token", made.token());
              return ApiResponse.created(out);
            }),
        new Route(
            "DELETE",
            "/api/v1/tokens/{id}",
            "token.revoke",
            "auth",
            Role.OPERATOR,
            "Revoke an API token (your own; administrators: any).",
            null,
            false,
            req -> {
              String id = req.path("id");
              var mine = tokens.list(null).stream().filter(t -> t.id().equals(id)).findFirst();
              if (mine.isEmpty()) {
                throw ProblemException.notFound("no such token: " + id);
              }
              if (!mine.get().owner().equals(req.principal().user())
                  && !req.principal().grants().allows("auth", Role.ADMIN)) {
                throw ProblemException.forbidden(
                    "only its owner or an administrator may revoke it");
              }
              tokens.revoke(id);
              return ApiResponse.noContent();
            }));
  }

  private static Map<String, Object> describe(ApiTokens.TokenRecord t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("owner", t.owner());
    m.put("name", t.name());
    m.put("created", t.created());
    m.put("expires", t.expires());
    return m;
  }

  private static ApiResponse login(ApiRequest req, UserDirectory users, SessionTokens sessions)
      throws Exception {
    String auth = req.authorization();
    if (auth == null || !auth.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw ProblemException.unauthorized("send the credentials with HTTP Basic authentication");
    }
    String decoded;
    try {
      decoded =
          new String(Base64.getDecoder().decode(auth.substring(6).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ProblemException.unauthorized("malformed Basic credentials");
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw ProblemException.unauthorized("malformed Basic credentials");
    }
    String user = decoded.substring(0, colon);
    UserDirectory.LoginResult r = users.login(user, decoded.substring(colon + 1).toCharArray());
    if (!r.ok()) {
      // One answer for every failure: do not tell a guesser which part was wrong.
      throw ProblemException.unauthorized(
          r.failure() == UserDirectory.LoginFailure.LOCKED
              ? "too many failed logins; try again later"
              : "invalid credentials");
    }
    String token = sessions.issue(user);
    SessionTokens.Claims c = sessions.verify(token).orElseThrow();
    return ApiResponse.ok(Map.of("token", token, "expires", c.expires(), "user", user));
  }
}
