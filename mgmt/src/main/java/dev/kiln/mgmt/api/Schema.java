package dev.kiln.mgmt.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request body's shape. Validation collects every problem (not just the first) and refuses
 * unknown properties, so a typo is an error rather than a silently ignored setting.
 *
 * @param fields the allowed fields
 */
public record Schema(List<Field> fields) {

  /** Copies. */
  public Schema {
    fields = List.copyOf(fields);
  }

  /** A schema of these fields. */
  public static Schema of(Field... fields) {
    return new Schema(List.of(fields));
  }

  /** Validates a body; {@code partial} (updates) makes every field optional. */
  public void validate(JsonNode body, boolean partial) throws ProblemException {
    List<FieldError> errors = new ArrayList<>();
    if (body == null || !body.isObject()) {
      throw ProblemException.badRequest("the request body must be a JSON object");
    }
    Map<String, Field> byName = new LinkedHashMap<>();
    fields.forEach(f -> byName.put(f.name(), f));
    body.fieldNames()
        .forEachRemaining(
            n -> {
              if (!byName.containsKey(n)) {
                errors.add(new FieldError(n, "unknown property"));
              }
            });
    for (Field f : fields) {
      JsonNode v = body.get(f.name());
      if (v == null || v.isNull()) {
        if (f.required() && !partial) {
          errors.add(new FieldError(f.name(), "is required"));
        }
        continue;
      }
      String problem = check(f, v);
      if (problem != null) {
        errors.add(new FieldError(f.name(), problem));
      }
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
  }

  private static String check(Field f, JsonNode v) {
    return switch (f.type()) {
      case STRING -> {
        if (!v.isTextual()) {
          yield "must be a string";
        }
        yield checkString(f, v.asText());
      }
      case INTEGER -> {
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
          yield "must be a whole number";
        }
        long n = v.asLong();
        yield n < f.min() || n > f.max() ? "must be between " + f.min() + " and " + f.max() : null;
      }
      case BOOLEAN -> v.isBoolean() ? null : "must be true or false";
      case STRING_ARRAY -> {
        if (!v.isArray() || v.size() > 1000) {
          yield "must be an array of at most 1000 strings";
        }
        for (JsonNode e : v) {
          String p = e.isTextual() ? checkString(f, e.asText()) : "must contain only strings";
          if (p != null) {
            yield "element '" + e.asText() + "' " + p;
          }
        }
        yield null;
      }
      case OBJECT -> v.isObject() ? null : "must be an object";
    };
  }

  private static String checkString(Field f, String s) {
    if (s.length() > f.maxLength()) {
      return "must have at most " + f.maxLength() + " characters";
    }
    if (s.indexOf('\0') >= 0) {
      return "must not contain NUL";
    }
    if (f.pattern() != null && !f.pattern().matcher(s).matches()) {
      return "must match " + f.pattern().pattern();
    }
    return null;
  }

  /** The JSON Schema of this body for the OpenAPI document. */
  public Map<String, Object> jsonSchema(boolean partial) {
    Map<String, Object> props = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (Field f : fields) {
      Map<String, Object> p = new LinkedHashMap<>();
      switch (f.type()) {
        case STRING -> {
          p.put("type", "string");
          p.put("maxLength", f.maxLength());
          if (f.pattern() != null) {
            p.put("pattern", "^" + f.pattern().pattern() + "$");
          }
        }
        case INTEGER -> {
          p.put("type", "integer");
          p.put("minimum", f.min());
          p.put("maximum", f.max());
        }
        case BOOLEAN -> p.put("type", "boolean");
        case STRING_ARRAY -> {
          p.put("type", "array");
          p.put("items", Map.of("type", "string"));
        }
        case OBJECT -> p.put("type", "object");
      }
      p.put("description", f.description());
      props.put(f.name(), p);
      if (f.required() && !partial) {
        required.add(f.name());
      }
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("additionalProperties", false);
    schema.put("properties", props);
    if (!required.isEmpty()) {
      schema.put("required", required);
    }
    return schema;
  }

  /** One invalid field. */
  public record FieldError(String field, String message) {}
}
