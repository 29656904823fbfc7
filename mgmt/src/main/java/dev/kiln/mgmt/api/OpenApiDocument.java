package dev.kiln.mgmt.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The OpenAPI 3.1 description of the routes, generated, never written by hand. */
public final class OpenApiDocument {

  private OpenApiDocument() {}

  /** The document as a JSON-ready map. */
  public static Map<String, Object> of(List<Route> routes, String version) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.1.0");
    doc.put(
        "info",
        Map.of(
            "title",
            "Kiln management API",
            "version",
            version,
            "description",
            "Every change is audited. Authenticate with POST /api/v1/login."));
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "object");
    problem.put(
        "properties",
        Map.of(
            "type", Map.of("type", "string"),
            "title", Map.of("type", "string"),
            "status", Map.of("type", "integer"),
            "detail", Map.of("type", "string"),
            "errors", Map.of("type", "array", "items", Map.of("type", "object"))));
    doc.put(
        "components",
        Map.of(
            "securitySchemes",
            Map.of(
                "bearer", Map.of("type", "http", "scheme", "bearer"),
                "basic", Map.of("type", "http", "scheme", "basic")),
            "schemas",
            Map.of("Problem", problem)));
    Map<String, Object> paths = new LinkedHashMap<>();
    for (Route r : routes) {
      @SuppressWarnings("unchecked")
      Map<String, Object> item =
          (Map<String, Object>)
              paths.computeIfAbsent(r.path(), p -> new LinkedHashMap<String, Object>());
      Map<String, Object> op = new LinkedHashMap<>();
      op.put("operationId", r.operationId());
      op.put("summary", r.summary());
      op.put("tags", List.of(r.namespace()));
      if (r.role() != null) {
        op.put("security", List.of(Map.of("bearer", List.of())));
        op.put("x-kiln-role", r.role().name().toLowerCase(Locale.ROOT));
      } else if (r.operationId().equals("auth.login")) {
        op.put("security", List.of(Map.of("basic", List.of())));
      } else {
        op.put("security", List.of());
      }
      List<Map<String, Object>> params =
          r.parameterNames().stream()
              .map(
                  n ->
                      Map.<String, Object>of(
                          "name",
                          n,
                          "in",
                          "path",
                          "required",
                          true,
                          "schema",
                          Map.of("type", "string")))
              .toList();
      if (!params.isEmpty()) {
        op.put("parameters", params);
      }
      if (r.body() != null) {
        op.put(
            "requestBody",
            Map.of(
                "required",
                true,
                "content",
                Map.of(
                    "application/json", Map.of("schema", r.body().jsonSchema(r.partialBody())))));
      }
      Map<String, Object> problemContent =
          Map.of(
              "application/problem+json",
              Map.of("schema", Map.of("$ref", "#/components/schemas/Problem")));
      Map<String, Object> responses = new LinkedHashMap<>();
      responses.put(
          r.method().equals("POST") ? "201" : r.method().equals("DELETE") ? "204" : "200",
          Map.of("description", "success"));
      responses.put(
          "4XX",
          Map.of("description", "refused; see the problem details", "content", problemContent));
      op.put("responses", responses);
      item.put(r.method().toLowerCase(Locale.ROOT), op);
    }
    doc.put("paths", paths);
    return doc;
  }
}
