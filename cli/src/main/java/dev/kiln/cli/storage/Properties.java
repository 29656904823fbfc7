package dev.kiln.cli.storage;

import dev.kiln.engine.api.error.InvalidArgumentException;
import dev.kiln.engine.api.manage.PropertyMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code name=value} arguments, as zfs takes them. */
final class Properties {

  private Properties() {}

  /** Splits {@code name=value} pairs; refuses anything else. */
  static Map<String, String> pairs(List<String> args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected property=value, got '" + a + "'");
      }
      out.put(a.substring(0, eq), a.substring(eq + 1));
    }
    return out;
  }

  /** Parses and validates pairs into a property map. */
  static PropertyMap map(List<String> args) throws InvalidArgumentException {
    PropertyMap map = PropertyMap.empty();
    for (Map.Entry<String, String> e : pairs(args).entrySet()) {
      map = map.withText(e.getKey(), e.getValue());
    }
    return map;
  }
}
