package dev.kiln.mgmt.services;

import dev.kiln.common.net.ServiceId;
import dev.kiln.mgmt.store.ConfigStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Whether each service of the port table should run ({@code /services/<id>/enabled} in the
 * configuration store). Services read it when they start; every service is enabled unless an
 * administrator disabled it.
 */
public final class ServiceSettings {

  private final ConfigStore store;
  private final java.util.List<java.util.function.BiConsumer<ServiceId, Boolean>> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Settings kept in {@code store}. */
  public ServiceSettings(ConfigStore store) {
    this.store = store;
  }

  /** Whether the service should run. */
  public boolean enabled(ServiceId id) throws IOException {
    return store
        .get(key(id))
        .map(kv -> !new String(kv.value(), StandardCharsets.US_ASCII).equals("false"))
        .orElse(true);
  }

  /** Records whether the service should run. */
  public void setEnabled(ServiceId id, boolean enabled) throws IOException {
    store.put(key(id), Boolean.toString(enabled).getBytes(StandardCharsets.US_ASCII));
    listeners.forEach(l -> l.accept(id, enabled));
  }

  /** Calls {@code listener} after every change, so a running service can start or stop. */
  public void onChange(java.util.function.BiConsumer<ServiceId, Boolean> listener) {
    listeners.add(listener);
  }

  private static String key(ServiceId id) {
    return "/services/" + id.key() + "/enabled";
  }
}
