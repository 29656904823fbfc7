package dev.kiln.engine.pool;

/**
 * Receives {@link PoolAlert}s; the daemon connects it to the alert service. Called on the thread
 * that found the problem, so it must be quick and must not block; exceptions it throws are ignored.
 */
@FunctionalInterface
public interface PoolAlertHook {

  /** A hook that drops every alert. */
  PoolAlertHook NONE = alert -> {};

  /** Handles one alert. */
  void alert(PoolAlert alert);
}
