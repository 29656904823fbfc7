package dev.kiln.common.lifecycle;

import java.util.Set;

/**
 * A part of the appliance with a start and a stop: the pool, the management listener, a protocol
 * server. The daemon starts services after everything they depend on and stops them in reverse.
 */
public interface ManagedService {

  /** A unique, stable name such as {@code pool} or {@code mgmt-http}. */
  String name();

  /** Names of the services that must be up before this one starts. */
  default Set<String> dependsOn() {
    return Set.of();
  }

  /** Starts the service; returns when it is ready to serve or throws why it cannot. */
  void start() throws Exception;

  /** Stops accepting work, finishes or flushes what is in flight, releases resources. */
  void stop() throws Exception;

  /** Current health; called often, so it must be cheap. */
  Health health();
}
