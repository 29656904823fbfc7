package dev.kiln.engine.tree;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One key and its value as returned by lookups and scans; the value is the caller's own copy.
 *
 * @param key the item's key
 * @param value the item's bytes
 */
public record TreeEntry(TreeKey key, byte[] value) {

  /** Validates that both parts are present. */
  public TreeEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TreeEntry(TreeKey k, byte[] v) && key.equals(k) && Arrays.equals(value, v);
  }

  @Override
  public int hashCode() {
    return 31 * key.hashCode() + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return key + "=" + HexFormat.of().formatHex(value, 0, Math.min(value.length, 32));
  }
}
