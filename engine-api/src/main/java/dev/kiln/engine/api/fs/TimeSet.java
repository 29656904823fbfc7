package dev.kiln.engine.api.fs;

import java.time.Instant;

/**
 * How setattr changes a timestamp: to the engine's clock ("server time") or to a given instant.
 *
 * @param instant the time to store, or null to use the engine's clock
 */
public record TimeSet(Instant instant) {

  /** Sets the timestamp to the engine's current time (NFS SET_TO_SERVER_TIME). */
  public static TimeSet serverTime() {
    return new TimeSet(null);
  }

  /** Sets the timestamp to the given instant (NFS SET_TO_CLIENT_TIME). */
  public static TimeSet at(Instant instant) {
    return new TimeSet(java.util.Objects.requireNonNull(instant, "instant"));
  }

  /** True when the engine's clock should be used. */
  public boolean isServerTime() {
    return instant == null;
  }
}
