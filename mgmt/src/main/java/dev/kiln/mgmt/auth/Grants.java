package dev.kiln.mgmt.auth;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Roles per namespace ({@code storage}, {@code sharing}, {@code system}, ...); the namespace {@code
 * *} applies where no specific one is given.
 *
 * @param roles namespace to role
 */
public record Grants(Map<String, Role> roles) {

  private static final Pattern NAMESPACE = Pattern.compile("\\*|[a-z][a-z0-9-]{0,31}");

  /** Validates namespaces and copies. */
  public Grants {
    for (String ns : roles.keySet()) {
      if (!NAMESPACE.matcher(ns).matches()) {
        throw new IllegalArgumentException("not a namespace: '" + ns + "'");
      }
    }
    roles = Map.copyOf(roles);
  }

  /** No rights at all. */
  public static Grants none() {
    return new Grants(Map.of());
  }

  /** One role everywhere. */
  public static Grants everywhere(Role role) {
    return new Grants(Map.of("*", role));
  }

  /** The role in a namespace, if any. */
  public Optional<Role> roleIn(String namespace) {
    Role specific = roles.get(namespace);
    return Optional.ofNullable(specific != null ? specific : roles.get("*"));
  }

  /** Whether these grants allow {@code needed} in {@code namespace}. */
  public boolean allows(String namespace, Role needed) {
    return roleIn(namespace).map(r -> r.includes(needed)).orElse(false);
  }

  /** The stronger role of both, per namespace. */
  public Grants union(Grants other) {
    Map<String, Role> merged = new TreeMap<>(roles);
    other.roles.forEach((ns, r) -> merged.merge(ns, r, (a, b) -> a.includes(b) ? a : b));
    return new Grants(merged);
  }
}
