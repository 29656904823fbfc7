package dev.kiln.engine.api.manage;

import dev.kiln.engine.api.error.InvalidArgumentException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An immutable, type-safe map of property settings (for create, clone, and stored settings). */
public final class PropertyMap {

  private static final PropertyMap EMPTY = new PropertyMap(Map.of());

  private final Map<DatasetProperty<?>, Object> values;

  private PropertyMap(Map<DatasetProperty<?>, Object> values) {
    this.values = values;
  }

  /** No settings. */
  public static PropertyMap empty() {
    return EMPTY;
  }

  /** A copy with {@code property} set to a validated {@code value}. */
  public <T> PropertyMap with(DatasetProperty<T> property, T value)
      throws InvalidArgumentException {
    Map<DatasetProperty<?>, Object> copy = new LinkedHashMap<>(values);
    copy.put(property, property.validate(value));
    return new PropertyMap(Collections.unmodifiableMap(copy));
  }

  /** A copy with {@code name} set from its text form (for the CLI's -o name=value). */
  public PropertyMap withText(String name, String text) throws InvalidArgumentException {
    return withParsed(DatasetProperties.byName(name), text);
  }

  private <T> PropertyMap withParsed(DatasetProperty<T> property, String text)
      throws InvalidArgumentException {
    return with(property, property.parse(text));
  }

  /** A copy without {@code property}. */
  public PropertyMap without(DatasetProperty<?> property) {
    Map<DatasetProperty<?>, Object> copy = new LinkedHashMap<>(values);
    copy.remove(property);
    return new PropertyMap(Collections.unmodifiableMap(copy));
  }

  /** The setting of {@code property}, if present. */
  public <T> Optional<T> get(DatasetProperty<T> property) {
    return Optional.ofNullable(values.get(property)).map(property::cast);
  }

  /** The properties set in this map. */
  public Set<DatasetProperty<?>> properties() {
    return values.keySet();
  }

  /** True when nothing is set. */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PropertyMap m && m.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
