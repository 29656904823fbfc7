package dev.kiln.mgmt.iscsi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.mgmt.store.ConfigStore;
import dev.kiln.mgmt.store.KeyValue;
import dev.kiln.mgmt.store.Txn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The configured iSCSI targets in the configuration store ({@code /iscsi/targets/<name>}). The
 * iSCSI service reads them at every login, so changes apply to new sessions without a restart.
 */
public final class IscsiTargets {

  private static final String PREFIX = "/iscsi/targets/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ConfigStore store;

  /** Targets kept in {@code store}. */
  public IscsiTargets(ConfigStore store) {
    this.store = store;
  }

  /** Every configured target. */
  public List<IscsiTargetSpec> list() throws IOException {
    List<IscsiTargetSpec> out = new ArrayList<>();
    for (KeyValue kv : store.list(PREFIX)) {
      out.add(JSON.readValue(kv.value(), IscsiTargetSpec.class));
    }
    return out;
  }

  /** One target. */
  public Optional<IscsiTargetSpec> get(String name) throws IOException {
    Optional<KeyValue> kv = store.get(PREFIX + name);
    return kv.isEmpty()
        ? Optional.empty()
        : Optional.of(JSON.readValue(kv.get().value(), IscsiTargetSpec.class));
  }

  /** Creates a target; false if one with that name exists. */
  public boolean create(IscsiTargetSpec spec) throws IOException {
    return store
        .commit(
            Txn.builder()
                .ifAbsent(PREFIX + spec.name())
                .put(PREFIX + spec.name(), JSON.writeValueAsBytes(spec))
                .build())
        .isPresent();
  }

  /** Replaces a target. */
  public void replace(IscsiTargetSpec spec) throws IOException {
    store.put(PREFIX + spec.name(), JSON.writeValueAsBytes(spec));
  }

  /** Deletes a target; false if there was none. */
  public boolean delete(String name) throws IOException {
    if (store.get(PREFIX + name).isEmpty()) {
      return false;
    }
    store.delete(PREFIX + name);
    return true;
  }
}
