package dev.kiln.mgmt.api;

import java.util.regex.Pattern;

/**
 * One field of a request body: its JSON type and constraints. Schemas built from fields validate
 * requests and describe them in the OpenAPI document, so the two never disagree.
 *
 * @param name the JSON property name
 * @param type the JSON type
 * @param required whether it must be present (on create)
 * @param pattern for strings, a regular expression the whole value must match (or null)
 * @param maxLength for strings, the most characters
 * @param min for integers, the smallest value
 * @param max for integers, the largest value
 * @param description one line for the API documentation
 */
public record Field(
    String name,
    Type type,
    boolean required,
    Pattern pattern,
    int maxLength,
    long min,
    long max,
    String description) {

  /** JSON types. */
  public enum Type {
    STRING,
    INTEGER,
    BOOLEAN,
    STRING_ARRAY,
    OBJECT
  }

  /** A string field. */
  public static Field string(
      String name, boolean required, String regex, int maxLength, String description) {
    return new Field(
        name,
        Type.STRING,
        required,
        regex == null ? null : Pattern.compile(regex),
        maxLength,
        0,
        0,
        description);
  }

  /** An integer field. */
  public static Field integer(
      String name, boolean required, long min, long max, String description) {
    return new Field(name, Type.INTEGER, required, null, 0, min, max, description);
  }

  /** A boolean field. */
  public static Field bool(String name, boolean required, String description) {
    return new Field(name, Type.BOOLEAN, required, null, 0, 0, 0, description);
  }

  /** An array of strings, each matching {@code regex}. */
  public static Field strings(String name, boolean required, String regex, String description) {
    return strings(name, required, regex, 256, description);
  }

  /** An array of strings of at most {@code maxLength} characters, each matching {@code regex}. */
  public static Field strings(
      String name, boolean required, String regex, int maxLength, String description) {
    return new Field(
        name,
        Type.STRING_ARRAY,
        required,
        regex == null ? null : Pattern.compile(regex),
        maxLength,
        0,
        0,
        description);
  }

  /** A free-form object (validated by the service). */
  public static Field object(String name, boolean required, String description) {
    return new Field(name, Type.OBJECT, required, null, 0, 0, 0, description);
  }
}
