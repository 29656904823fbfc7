package dev.kiln.engine.api.manage;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A validated dataset or snapshot name: {@code pool/child/grandchild} optionally followed by
 * {@code @snapshot}. Components use letters, digits and {@code _ - . :}; the whole name is at most
 * 255 characters.
 *
 * @param components the dataset path components, the pool first
 * @param snapshot the snapshot part, or null for a dataset name
 */
public record DatasetName(List<String> components, String snapshot) {

  private static final Pattern COMPONENT = Pattern.compile("[A-Za-z0-9_.:-]+");

  /** Validates the components. */
  public DatasetName {
    components = List.copyOf(components);
    if (components.isEmpty()) {
      throw new IllegalArgumentException("a dataset name needs at least a pool name");
    }
    for (String c : components) {
      check(c);
    }
    if (snapshot != null) {
      check(snapshot);
    }
  }

  private static void check(String component) {
    if (!COMPONENT.matcher(component).matches()
        || component.equals(".")
        || component.equals("..")) {
      throw new IllegalArgumentException(
          "bad name component '" + component + "': use letters, digits and _ - . :");
    }
  }

  /** Parses {@code pool/a/b} or {@code pool/a/b@snap}; IllegalArgumentException if malformed. */
  public static DatasetName parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 255) {
      throw new IllegalArgumentException("dataset names are 1 to 255 characters: " + text);
    }
    int at = text.indexOf('@');
    String path = at < 0 ? text : text.substring(0, at);
    String snap = at < 0 ? null : text.substring(at + 1);
    return new DatasetName(List.of(path.split("/", -1)), snap);
  }

  /** The pool name (first component). */
  public String pool() {
    return components.getFirst();
  }

  /** True for {@code dataset@snapshot} names. */
  public boolean isSnapshot() {
    return snapshot != null;
  }

  /** The dataset this names or whose snapshot this names. */
  public DatasetName dataset() {
    return new DatasetName(components, null);
  }

  /** The parent dataset, or null for a pool's root dataset (or for a snapshot: its dataset). */
  public DatasetName parent() {
    if (snapshot != null) {
      return dataset();
    }
    return components.size() == 1
        ? null
        : new DatasetName(components.subList(0, components.size() - 1), null);
  }

  /** A snapshot of this dataset. */
  public DatasetName withSnapshot(String snapshotName) {
    return new DatasetName(components, snapshotName);
  }

  @Override
  public String toString() {
    String path = String.join("/", components);
    return snapshot == null ? path : path + "@" + snapshot;
  }
}
