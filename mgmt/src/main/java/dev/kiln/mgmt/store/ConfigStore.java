package dev.kiln.mgmt.store;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The appliance's configuration database: a small, transactional, revisioned key-value store.
 * Single nodes use the embedded implementation; HA pairs will use etcd (same model: revisions,
 * compare-and-swap transactions, watches), so services never know which one they talk to.
 *
 * <p>Durability: when {@link #commit} returns, the change survives {@code kill -9} and power loss.
 */
public interface ConfigStore extends Closeable {

  /** The current value of a key. */
  Optional<KeyValue> get(String key) throws IOException;

  /** Every key starting with {@code prefix}, in key order. */
  List<KeyValue> list(String prefix) throws IOException;

  /**
   * Applies the transaction atomically if its conditions hold.
   *
   * @return the new store revision, or empty if a condition failed (nothing was written)
   */
  Optional<Long> commit(Txn txn) throws IOException;

  /** The latest revision. */
  long revision();

  /** Subscribes to every committed change; returns a handle that unsubscribes. */
  AutoCloseable watch(Consumer<ChangeEvent> listener);

  /** Convenience: an unconditional put. */
  default long put(String key, byte[] value) throws IOException {
    return commit(Txn.builder().put(key, value).build()).orElseThrow();
  }

  /** Convenience: an unconditional delete. */
  default long delete(String key) throws IOException {
    return commit(Txn.builder().delete(key).build()).orElseThrow();
  }
}
