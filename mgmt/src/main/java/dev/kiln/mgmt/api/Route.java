package dev.kiln.mgmt.api;

import dev.kiln.mgmt.auth.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One API operation: method, path template, who may call it, its body schema and its handler.
 * Routes are the single description of the API: the router serves them and the OpenAPI document is
 * generated from them.
 *
 * @param method HTTP method
 * @param path template such as {@code /api/v1/users/{name}}
 * @param operationId unique id, also the audit action (such as {@code user.create})
 * @param namespace the namespace whose role is checked
 * @param role the least role needed; null for public routes (login, health)
 * @param summary one line for the documentation
 * @param body the request body schema, or null when there is none
 * @param partialBody whether every body field is optional (updates)
 * @param handler the implementation
 */
public record Route(
    String method,
    String path,
    String operationId,
    String namespace,
    Role role,
    String summary,
    Schema body,
    boolean partialBody,
    Handler handler) {

  /** The work of a route. */
  @FunctionalInterface
  public interface Handler {
    /** Handles a validated, authorized request. */
    ApiResponse handle(ApiRequest request) throws Exception;
  }

  private static final Pattern PARAM = Pattern.compile("\\{([a-zA-Z]+)}");

  /** Whether the route changes state (and so is audited). */
  public boolean mutating() {
    return !method.equals("GET") && !method.equals("HEAD");
  }

  /** The names of the path parameters, in order. */
  public List<String> parameterNames() {
    List<String> names = new ArrayList<>();
    Matcher m = PARAM.matcher(path);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** A regex matching concrete paths; each parameter matches one URL-encoded segment. */
  Pattern pattern() {
    return Pattern.compile(PARAM.matcher(Pattern.quote(path)).replaceAll("\\\\E([^/]+)\\\\Q"));
  }
}
