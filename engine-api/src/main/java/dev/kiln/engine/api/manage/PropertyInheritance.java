package dev.kiln.engine.api.manage;

import java.util.function.Function;

/**
 * The inheritance rule, shared by every implementation: local beats received; an inheritable
 * property not set on the dataset comes from the nearest ancestor that sets it (locally or
 * received); otherwise the catalogue default applies.
 */
public final class PropertyInheritance {

  private PropertyInheritance() {}

  /**
   * The effective value of {@code property} for {@code dataset}, given each dataset's local and
   * received settings (looked up by dataset name; missing datasets give empty maps).
   */
  public static <T> PropertyValue<T> resolve(
      DatasetProperty<T> property,
      String dataset,
      Function<String, PropertyMap> local,
      Function<String, PropertyMap> received) {
    DatasetName name = DatasetName.parse(dataset);
    var own = explicit(property, dataset, local, received);
    if (own != null) {
      return own;
    }
    if (property.inheritable()) {
      for (DatasetName ancestor = name.parent(); ancestor != null; ancestor = ancestor.parent()) {
        var found = explicit(property, ancestor.toString(), local, received);
        if (found != null) {
          return new PropertyValue<>(
              property, found.value(), PropertySource.INHERITED, ancestor.toString());
        }
      }
    }
    return new PropertyValue<>(property, property.defaultValue(), PropertySource.DEFAULT, null);
  }

  private static <T> PropertyValue<T> explicit(
      DatasetProperty<T> property,
      String dataset,
      Function<String, PropertyMap> local,
      Function<String, PropertyMap> received) {
    var l = local.apply(dataset);
    if (l != null && l.get(property).isPresent()) {
      return new PropertyValue<>(property, l.get(property).get(), PropertySource.LOCAL, null);
    }
    var r = received.apply(dataset);
    if (r != null && r.get(property).isPresent()) {
      return new PropertyValue<>(property, r.get(property).get(), PropertySource.RECEIVED, null);
    }
    return null;
  }
}
