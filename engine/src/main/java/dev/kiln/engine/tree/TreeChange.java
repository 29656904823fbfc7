package dev.kiln.engine.tree;

import java.util.Arrays;
import java.util.Objects;

/**
 * A difference between two trees at one key.
 *
 * @param kind added, removed or changed
 * @param key the key
 * @param oldValue value in the old tree, {@code null} when added
 * @param newValue value in the new tree, {@code null} when removed
 */
public record TreeChange(Kind kind, TreeKey key, byte[] oldValue, byte[] newValue) {

  /** What happened to the key. */
  public enum Kind {
    /** Present only in the new tree. */
    ADDED,
    /** Present only in the old tree. */
    REMOVED,
    /** Present in both with different values. */
    CHANGED
  }

  /** Checks that the values present match the kind. */
  public TreeChange {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    if ((oldValue == null) != (kind == Kind.ADDED)
        || (newValue == null) != (kind == Kind.REMOVED)) {
      throw new IllegalArgumentException("values do not match change kind " + kind);
    }
  }

  /** A key present only in the new tree. */
  public static TreeChange added(TreeKey key, byte[] value) {
    return new TreeChange(Kind.ADDED, key, null, value);
  }

  /** A key present only in the old tree. */
  public static TreeChange removed(TreeKey key, byte[] value) {
    return new TreeChange(Kind.REMOVED, key, value, null);
  }

  /** A key whose value differs. */
  public static TreeChange changed(TreeKey key, byte[] oldValue, byte[] newValue) {
    return new TreeChange(Kind.CHANGED, key, oldValue, newValue);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TreeChange(Kind k, TreeKey key2, byte[] o2, byte[] n2)
        && kind == k
        && key.equals(key2)
        && Arrays.equals(oldValue, o2)
        && Arrays.equals(newValue, n2);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, key, Arrays.hashCode(oldValue), Arrays.hashCode(newValue));
  }

  @Override
  public String toString() {
    return kind + " " + key;
  }
}
