package dev.kiln.cli.ports;

import dev.kiln.cli.state.RuntimeState;
import dev.kiln.common.net.PortPlan;
import dev.kiln.common.net.PortRow;
import dev.kiln.common.net.Readiness;
import dev.kiln.common.net.ResolvedPort;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A row of `kiln ports`: the seed's columns, the port this node uses (or actually bound), and the
 * status.
 *
 * @param row the registry row
 * @param planned the ports the plan gives
 * @param bound the ports a running daemon bound, or null when it does not run or did not bind
 * @param daemonRunning whether a daemon runs on the data directory
 */
public record PortStatus(
    PortRow row, List<ResolvedPort> planned, List<Integer> bound, boolean daemonRunning) {

  /** Joins a row with the plan and the daemon's state (null when no daemon runs). */
  public static PortStatus of(PortRow row, PortPlan plan, RuntimeState state) {
    List<Integer> bound = state == null ? null : state.bound().get(row.id().key());
    return new PortStatus(row, plan.ports(row.id()), bound, state != null);
  }

  /** The "Bound" column: real listening ports, the planned ports, or what the row does instead. */
  public String boundLabel() {
    if (!row.listens() || (bound == null && row.readiness() == Readiness.PLANNED)) {
      return "-";
    }
    if (bound != null) {
      return bound.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
    return planned.stream().map(p -> String.valueOf(p.port())).collect(Collectors.joining(", "));
  }

  /** The "Status" column. */
  public String statusLabel() {
    String readiness = row.readiness().label();
    if (!row.listens()) {
      return readiness + (row.direction().opensOutbound() ? ", outbound" : ", no listener");
    }
    if (row.readiness() == Readiness.PLANNED) {
      return "planned, would listen on "
          + planned.stream().map(p -> String.valueOf(p.port())).collect(Collectors.joining(", "));
    }
    if (bound != null) {
      return readiness + ", listening";
    }
    if (daemonRunning) {
      return readiness + ", not bound";
    }
    return readiness + ", daemon stopped";
  }
}
