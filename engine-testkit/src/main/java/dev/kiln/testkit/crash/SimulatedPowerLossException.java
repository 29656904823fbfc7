package dev.kiln.testkit.crash;

import java.io.IOException;

/** Thrown by devices of a {@link PowerSupply} that has failed. */
public final class SimulatedPowerLossException extends IOException {

  /** Names the operation that was cut off. */
  public SimulatedPowerLossException(String message) {
    super(message);
  }
}
