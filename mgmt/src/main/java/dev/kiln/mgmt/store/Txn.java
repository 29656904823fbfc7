package dev.kiln.mgmt.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An atomic compare-and-write: if every condition holds, every write is applied under one new
 * revision; otherwise nothing is. Optimistic concurrency for read-modify-write of settings.
 *
 * @param conditions what must hold
 * @param writes puts and deletes, applied in order
 */
public record Txn(List<Condition> conditions, List<Write> writes) {

  /** Copies the lists. */
  public Txn {
    conditions = List.copyOf(conditions);
    writes = List.copyOf(writes);
    if (writes.isEmpty()) {
      throw new IllegalArgumentException("a transaction needs at least one write");
    }
  }

  /** A condition on one key. */
  public sealed interface Condition {
    /** The key the condition reads. */
    String key();
  }

  /** The key's mod revision equals {@code revision} (0 means: the key does not exist). */
  public record ModRevisionIs(String key, long revision) implements Condition {}

  /** A put or a delete. */
  public sealed interface Write {
    /** The key written. */
    String key();
  }

  /** Sets a key. */
  public record Put(String key, byte[] value) implements Write {
    /** Copies the value. */
    public Put {
      Objects.requireNonNull(key);
      value = value.clone();
    }
  }

  /** Removes a key (a no-op if absent). */
  public record Delete(String key) implements Write {}

  /** Starts a transaction. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects conditions and writes; {@link #build()} validates. */
  public static final class Builder {
    private final List<Condition> conditions = new ArrayList<>();
    private final List<Write> writes = new ArrayList<>();

    private Builder() {}

    /** Requires the key to be unchanged since {@code revision} (0: absent). */
    public Builder ifModRevision(String key, long revision) {
      conditions.add(new ModRevisionIs(key, revision));
      return this;
    }

    /** Requires the key to be absent. */
    public Builder ifAbsent(String key) {
      return ifModRevision(key, 0);
    }

    /** Sets a key. */
    public Builder put(String key, byte[] value) {
      writes.add(new Put(key, value));
      return this;
    }

    /** Deletes a key. */
    public Builder delete(String key) {
      writes.add(new Delete(key));
      return this;
    }

    /** The transaction. */
    public Txn build() {
      return new Txn(conditions, writes);
    }
  }
}
