package dev.kiln.mgmt.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * A stored key with its value and revisions, in etcd's model so that an etcd-backed store can
 * return the same thing.
 *
 * @param key the key, such as {@code /users/alice}
 * @param value the value bytes (a copy)
 * @param createRevision the store revision that created the key
 * @param modRevision the store revision that last changed it
 * @param version how many times it was written since creation (1 after create)
 */
public record KeyValue(
    String key, byte[] value, long createRevision, long modRevision, long version) {

  /** Copies the value so nobody can change a stored entry. */
  public KeyValue {
    Objects.requireNonNull(key);
    value = value.clone();
  }

  /** A copy of the value. */
  @Override
  public byte[] value() {
    return value.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyValue kv
        && kv.key.equals(key)
        && Arrays.equals(kv.value, value)
        && kv.createRevision == createRevision
        && kv.modRevision == modRevision
        && kv.version == version;
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, Arrays.hashCode(value), createRevision, modRevision, version);
  }

  @Override
  public String toString() {
    return "KeyValue[" + key + "@" + modRevision + ", " + value.length + " bytes]";
  }
}
