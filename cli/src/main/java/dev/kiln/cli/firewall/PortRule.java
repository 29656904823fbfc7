package dev.kiln.cli.firewall;

import dev.kiln.common.net.Transport;
import java.util.List;

/**
 * One accept rule: traffic to {@code ports} over {@code transport}, arriving (inbound) or leaving
 * (outbound).
 *
 * @param inbound true for the input chain, false for the output chain
 * @param transport TCP or UDP
 * @param ports destination ports
 * @param comment the registry row's service and purpose
 */
public record PortRule(boolean inbound, Transport transport, List<Integer> ports, String comment) {

  /** Validates and copies. */
  public PortRule {
    ports = List.copyOf(ports);
    if (ports.isEmpty()) {
      throw new IllegalArgumentException("a rule needs ports");
    }
  }
}
