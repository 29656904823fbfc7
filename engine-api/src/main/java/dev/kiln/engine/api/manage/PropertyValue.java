package dev.kiln.engine.api.manage;

/**
 * A dataset's effective value of a property and where it comes from.
 *
 * @param property the property
 * @param value the effective value
 * @param source where it comes from
 * @param inheritedFrom the dataset that sets it when the source is INHERITED, else null
 * @param <T> the value type
 */
public record PropertyValue<T>(
    DatasetProperty<T> property, T value, PropertySource source, String inheritedFrom) {

  /** The value's canonical text form. */
  public String formatted() {
    return property.format(value);
  }
}
