package dev.kiln.testkit.crash;

/**
 * The power shared by the devices of one simulated machine. Armed with a budget of device
 * operations, it fails once the budget is spent and stays off: every later read, write or flush on
 * any device fed by it throws {@link SimulatedPowerLossException}.
 */
public final class PowerSupply {

  private long remaining = Long.MAX_VALUE;
  private boolean off;

  /** Cuts the power just before the {@code operations + 1}-th device operation from now. */
  public synchronized void failAfter(long operations) {
    if (operations < 0) {
      throw new IllegalArgumentException("operations must be >= 0: " + operations);
    }
    remaining = operations;
  }

  /** Whether the power has failed. */
  public synchronized boolean isOff() {
    return off;
  }

  /** Accounts for one device operation; throws once the power has failed. */
  synchronized void consume(String device, String operation) throws SimulatedPowerLossException {
    if (!off && remaining-- <= 0) {
      off = true;
    }
    if (off) {
      throw new SimulatedPowerLossException(
          "simulated power loss: " + operation + " on " + device + " did not happen");
    }
  }
}
