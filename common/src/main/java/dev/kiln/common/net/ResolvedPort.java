package dev.kiln.common.net;

/**
 * One port of a row after overrides, the witness-instance rule and the port offset.
 *
 * @param id the row
 * @param seedPort the port number the seed table gives
 * @param port the port to use; 0 asks the kernel for an ephemeral port (tests)
 */
public record ResolvedPort(ServiceId id, int seedPort, int port) {

  /** Whether the effective port differs from the seed's. */
  public boolean remapped() {
    return seedPort != port;
  }
}
