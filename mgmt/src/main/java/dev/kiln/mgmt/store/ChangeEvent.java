package dev.kiln.mgmt.store;

/**
 * One key changed by a committed transaction.
 *
 * @param revision the transaction's revision
 * @param key the key
 * @param value the new value, or null if deleted
 */
public record ChangeEvent(long revision, String key, byte[] value) {

  /** Whether the key was deleted. */
  public boolean deleted() {
    return value == null;
  }
}
