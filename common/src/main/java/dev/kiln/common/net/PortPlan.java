package dev.kiln.common.net;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ports this node actually uses: the registry after per-row overrides, the witness-instance
 * rule and the unprivileged port offset. Services ask the plan for their ports; nothing else
 * hard-codes a port number.
 *
 * <p>Rules, in order, for each port of a row:
 *
 * <ol>
 *   <li>An override from the configuration replaces the seed's port (0 means ephemeral).
 *   <li>Otherwise, for hiavd and confd, instance N on a witness adds {@code (N-1) * rowSize}: hiavd
 *       (one port) gets 4745+N as the seed says; confd's two ports move as a pair so instances
 *       never collide (ADR 002).
 *   <li>A listening port below 1024 gets the port offset when this process cannot bind it. Outbound
 *       rows never move: remote servers listen on the real ports.
 * </ol>
 */
public final class PortPlan {

  /** The default offset for unprivileged runs. */
  public static final int DEFAULT_UNPRIVILEGED_OFFSET = 10_000;

  private final int portOffset;
  private final int witnessInstance;
  private final Map<ServiceId, List<ResolvedPort>> ports;

  private PortPlan(int portOffset, int witnessInstance, Map<ServiceId, List<ResolvedPort>> ports) {
    this.portOffset = portOffset;
    this.witnessInstance = witnessInstance;
    this.ports = ports;
  }

  /** Starts a plan over the seed registry. */
  public static Builder builder() {
    return new Builder();
  }

  /** The offset applied to listening ports below 1024 (0 when running with real ports). */
  public int portOffset() {
    return portOffset;
  }

  /** The witness instance number (1 for the first, and for every non-witness node). */
  public int witnessInstance() {
    return witnessInstance;
  }

  /** The resolved ports of a row, in the seed's order. */
  public List<ResolvedPort> ports(ServiceId id) {
    return ports.get(id);
  }

  /**
   * The ports Kiln connects to for a row: an outbound row's resolved ports (overrides apply); for a
   * bidirectional row the peer's listening ports, which are the seed's (after the witness rule),
   * because the offset and overrides only move this node's own listeners.
   */
  public List<Integer> remotePorts(ServiceId id) {
    PortRow row = PortRegistry.row(id);
    if (row.direction() == Direction.OUTBOUND) {
      return ports.get(id).stream().map(ResolvedPort::port).toList();
    }
    int shift = row.instanceScaled() ? (witnessInstance - 1) * row.ports().size() : 0;
    return row.ports().stream().map(p -> p + shift).toList();
  }

  /** The resolved port of a row at the seed's port number. */
  public int port(ServiceId id, int seedPort) {
    for (ResolvedPort p : ports.get(id)) {
      if (p.seedPort() == seedPort) {
        return p.port();
      }
    }
    throw new IllegalArgumentException(id.key() + " has no seed port " + seedPort);
  }

  /** Every port that differs from the seed, for the mapping printed at start. */
  public List<ResolvedPort> remapped() {
    List<ResolvedPort> out = new ArrayList<>();
    for (PortRow row : PortRegistry.rows()) {
      ports.get(row.id()).stream().filter(ResolvedPort::remapped).forEach(out::add);
    }
    return out;
  }

  /** Builds a {@link PortPlan}; {@link #build()} validates it. */
  public static final class Builder {
    private int portOffset;
    private int witnessInstance = 1;
    private final Map<ServiceId, List<Integer>> overrides = new EnumMap<>(ServiceId.class);

    private Builder() {}

    /** The offset for listening ports below 1024; 0 means real ports. */
    public Builder withPortOffset(int offset) {
      this.portOffset = offset;
      return this;
    }

    /** This node's instance number on a witness (1 = first instance). */
    public Builder withWitnessInstance(int instance) {
      this.witnessInstance = instance;
      return this;
    }

    /** Replaces a row's ports, one per seed port, in the seed's order (0 = ephemeral). */
    public Builder withOverride(ServiceId id, List<Integer> rowPorts) {
      overrides.put(id, List.copyOf(rowPorts));
      return this;
    }

    /** Resolves every row; rejects offsets that overflow and listening ports that collide. */
    public PortPlan build() {
      if (portOffset < 0 || portOffset > 64_512) {
        throw new IllegalArgumentException(
            "port offset must be between 0 and 64512, was " + portOffset);
      }
      if (witnessInstance < 1 || witnessInstance > 64) {
        throw new IllegalArgumentException(
            "witness instance must be between 1 and 64, was " + witnessInstance);
      }
      Map<ServiceId, List<ResolvedPort>> resolved = new EnumMap<>(ServiceId.class);
      for (PortRow row : PortRegistry.rows()) {
        resolved.put(row.id(), resolve(row));
      }
      checkCollisions(resolved);
      return new PortPlan(portOffset, witnessInstance, resolved);
    }

    private List<ResolvedPort> resolve(PortRow row) {
      List<Integer> override = overrides.get(row.id());
      if (override != null && override.size() != row.ports().size()) {
        throw new IllegalArgumentException(
            "ports.%s needs %d port(s) (%s), got %s"
                .formatted(row.id().key(), row.ports().size(), row.portsLabel(), override));
      }
      List<ResolvedPort> out = new ArrayList<>();
      for (int i = 0; i < row.ports().size(); i++) {
        int seed = row.ports().get(i);
        int port;
        if (override != null) {
          port = override.get(i);
          if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(
                "ports.%s: %d is not a port number".formatted(row.id().key(), port));
          }
        } else {
          port = seed;
          if (row.instanceScaled()) {
            port += (witnessInstance - 1) * row.ports().size();
          }
          if (row.listens() && port < 1024) {
            port += portOffset;
          }
        }
        out.add(new ResolvedPort(row.id(), seed, port));
      }
      return List.copyOf(out);
    }

    private static void checkCollisions(Map<ServiceId, List<ResolvedPort>> resolved) {
      Map<String, ServiceId> used = new HashMap<>();
      for (PortRow row : PortRegistry.rows()) {
        if (!row.listens()) {
          continue;
        }
        for (ResolvedPort p : resolved.get(row.id())) {
          if (p.port() == 0) {
            continue;
          }
          for (Transport t : row.transports()) {
            ServiceId other = used.put(t + "/" + p.port(), row.id());
            if (other != null && other != row.id()) {
              throw new IllegalArgumentException(
                  "%s and %s both listen on %s port %d"
                      .formatted(other.key(), row.id().key(), t.name(), p.port()));
            }
          }
        }
      }
    }
  }
}
