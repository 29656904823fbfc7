package dev.kiln.common.lifecycle;

/**
 * A service's health as it reports it.
 *
 * @param state the coarse state
 * @param detail a human-readable explanation, empty when there is nothing to say
 */
public record Health(State state, String detail) {

  /** Coarse service states, in lifecycle order. */
  public enum State {
    STOPPED,
    STARTING,
    UP,
    DEGRADED,
    FAILED,
    STOPPING
  }

  /** A healthy service. */
  public static Health up() {
    return new Health(State.UP, "");
  }

  /** A service that runs with reduced function. */
  public static Health degraded(String why) {
    return new Health(State.DEGRADED, why);
  }

  /** A service that failed. */
  public static Health failed(String why) {
    return new Health(State.FAILED, why);
  }
}
