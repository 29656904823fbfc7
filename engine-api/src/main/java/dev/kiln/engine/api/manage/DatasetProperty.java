package dev.kiln.engine.api.manage;

import dev.kiln.engine.api.error.InvalidArgumentException;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One dataset property of the catalogue ({@link DatasetProperties}) or a user property.
 *
 * <p>Identity is the name: two instances with the same name are equal.
 *
 * @param <T> the value type
 */
public final class DatasetProperty<T> {

  private static final Pattern USER_NAME = Pattern.compile("[a-z0-9_.+-]+:[a-z0-9_.:+-]+");
  private static final int MAX_USER_VALUE = 8192;

  private final String name;
  private final Class<T> type;
  private final T defaultValue;
  private final boolean inheritable;
  private final boolean settableAfterCreation;
  private final Set<DatasetType> appliesTo;
  private final PropertyCodec<T> codec;

  DatasetProperty(
      String name,
      Class<T> type,
      T defaultValue,
      boolean inheritable,
      boolean settableAfterCreation,
      Set<DatasetType> appliesTo,
      PropertyCodec<T> codec) {
    this.name = Objects.requireNonNull(name);
    this.type = Objects.requireNonNull(type);
    this.defaultValue = Objects.requireNonNull(defaultValue);
    this.inheritable = inheritable;
    this.settableAfterCreation = settableAfterCreation;
    this.appliesTo = Set.copyOf(appliesTo);
    this.codec = Objects.requireNonNull(codec);
  }

  /**
   * A user property such as {@code com.example:owner}: a string, inheritable, default empty. Names
   * are lowercase and contain a colon, as in ZFS.
   */
  public static DatasetProperty<String> user(String name) throws InvalidArgumentException {
    if (name == null || name.length() > 256 || !USER_NAME.matcher(name).matches()) {
      throw new InvalidArgumentException(
          "user property names look like 'namespace:name' (lowercase, digits, _.+-:): " + name);
    }
    return new DatasetProperty<>(
        name,
        String.class,
        "",
        true,
        true,
        Set.of(DatasetType.values()),
        new PropertyCodec<>() {
          @Override
          public String parse(String text) throws InvalidArgumentException {
            validate(text);
            return text;
          }

          @Override
          public String format(String value) {
            return value;
          }

          @Override
          public void validate(String value) throws InvalidArgumentException {
            if (value.length() > MAX_USER_VALUE) {
              throw new InvalidArgumentException(
                  "user property " + name + " value longer than " + MAX_USER_VALUE);
            }
          }
        });
  }

  /** The property name as the CLI shows it. */
  public String name() {
    return name;
  }

  /** The Java type of values. */
  public Class<T> type() {
    return type;
  }

  /** The value when neither this dataset nor an ancestor sets it. */
  public T defaultValue() {
    return defaultValue;
  }

  /** True when children take the value of the nearest ancestor that sets it. */
  public boolean inheritable() {
    return inheritable;
  }

  /** False for properties fixed at creation (volblocksize). */
  public boolean settableAfterCreation() {
    return settableAfterCreation;
  }

  /** The dataset types this property is valid for. */
  public Set<DatasetType> appliesTo() {
    return appliesTo;
  }

  /** True for user ("namespace:name") properties. */
  public boolean isUserProperty() {
    return name.indexOf(':') >= 0;
  }

  /** Parses and validates the text form. */
  public T parse(String text) throws InvalidArgumentException {
    if (text == null) {
      throw new InvalidArgumentException("no value given for property " + name);
    }
    T value = codec.parse(text.strip());
    codec.validate(value);
    return value;
  }

  /** The canonical text form of a value. */
  public String format(T value) {
    return codec.format(value);
  }

  /** Checks a typed value and returns it, or throws InvalidArgumentException. */
  public T validate(T value) throws InvalidArgumentException {
    if (value == null) {
      throw new InvalidArgumentException("property " + name + " cannot be null");
    }
    codec.validate(type.cast(value));
    return value;
  }

  /** Casts an untyped value of this property (from a heterogeneous map). */
  public T cast(Object value) {
    return type.cast(value);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DatasetProperty<?> p && p.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
