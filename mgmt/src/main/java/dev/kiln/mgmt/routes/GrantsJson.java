package dev.kiln.mgmt.routes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.mgmt.api.ProblemException;
import dev.kiln.mgmt.api.Schema;
import dev.kiln.mgmt.auth.Grants;
import dev.kiln.mgmt.auth.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Roles as JSON: {@code {"storage": "operator", "*": "readonly"}}. */
final class GrantsJson {

  private GrantsJson() {}

  static Grants parse(JsonNode roles) throws ProblemException {
    if (roles == null || roles.isNull()) {
      return Grants.none();
    }
    if (!roles.isObject()) {
      throw ProblemException.invalid(List.of(new Schema.FieldError("roles", "must be an object")));
    }
    Map<String, Role> map = new LinkedHashMap<>();
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
