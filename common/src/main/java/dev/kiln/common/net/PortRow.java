package dev.kiln.common.net;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One row of the seed's "Open Network Port Requirements" table, as typed data.
 *
 * @param id stable identifier
 * @param service the seed's "Description/Service" column
 * @param ports the seed's port numbers, in the seed's order
 * @param transports the protocols of every port in the row
 * @param direction the seed's direction
 * @param purpose the seed's "This port is open to/Purpose" column
 * @param module the Kiln module that provides the service
 * @param listens whether Kiln opens listening sockets for this row (client-only rows do not)
 * @param instanceScaled whether the ports move with the witness instance number (hiavd, confd)
 * @param readiness how much of it works today
 * @param note what is or is not done, for `kiln ports` and the README
 */
public record PortRow(
    ServiceId id,
    String service,
    List<Integer> ports,
    Set<Transport> transports,
    Direction direction,
    String purpose,
    String module,
    boolean listens,
    boolean instanceScaled,
    Readiness readiness,
    String note) {

  /** Validates and copies the collections. */
  public PortRow {
    Objects.requireNonNull(id);
    ports = List.copyOf(ports);
    transports = Set.copyOf(transports);
    if (ports.isEmpty()) {
      throw new IllegalArgumentException(id + ": a row needs at least one port");
    }
    for (int port : ports) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(id + ": port out of range: " + port);
      }
    }
    if (listens && direction == Direction.OUTBOUND) {
      throw new IllegalArgumentException(id + ": an outbound row cannot listen");
    }
  }

  /** The seed's protocol column, such as {@code TCP/UDP}. */
  public String protocolLabel() {
    StringBuilder sb = new StringBuilder();
    for (Transport t : Transport.values()) {
      if (transports.contains(t)) {
        sb.append(sb.isEmpty() ? "" : "/").append(t.name());
      }
    }
    return sb.toString();
  }

  /** The seed's ports column, such as {@code 139, 445}. */
  public String portsLabel() {
    return String.join(", ", ports.stream().map(String::valueOf).toList());
  }
}
