package dev.kiln.common.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * One typed configuration option: its key, its default as written in the file, a parser that
 * validates, and a one-line description for the documented template.
 *
 * @param key the property key, such as {@code log.level}
 * @param defaultText the default, spelled as in the file
 * @param description what the option does, shown above it in the template
 * @param parser turns the file's text into a value; throws {@link IllegalArgumentException} with a
 *     clear message for bad input
 * @param <T> the value type
 */
public record ConfigOption<T>(
    String key, String defaultText, String description, Function<String, T> parser) {

  /** Validates that the default itself parses. */
  public ConfigOption {
    Objects.requireNonNull(key);
    Objects.requireNonNull(defaultText);
    Objects.requireNonNull(parser);
    parser.apply(defaultText);
  }

  /** Parses a value for this option, naming the option in any error. */
  public T parse(String text) {
    try {
      return parser.apply(text.strip());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "%s: invalid value '%s': %s".formatted(key, text.strip(), e.getMessage()), e);
    }
  }
}
