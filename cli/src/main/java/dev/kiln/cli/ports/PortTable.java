package dev.kiln.cli.ports;

import dev.kiln.common.net.PortRegistry;
import java.util.ArrayList;
import java.util.List;

/** Renders `kiln ports` the way the seed lays out its table, plus the Bound and Status columns. */
public final class PortTable {

  private static final String[] HEADERS = {
    "Ports", "Description/Service", "Protocol", "Direction", "Purpose", "Bound", "Status"
  };

  private PortTable() {}

  /** A fixed-width text table. */
  public static String text(List<PortStatus> rows, int portOffset, int witnessInstance) {
    List<String[]> cells = new ArrayList<>();
    cells.add(HEADERS);
    for (PortStatus s : rows) {
      cells.add(
          new String[] {
            s.row().portsLabel(),
            s.row().service(),
            s.row().protocolLabel(),
            s.row().direction().seedName(),
            s.row().purpose(),
            s.boundLabel(),
            s.statusLabel()
          });
    }
    int[] width = new int[HEADERS.length];
    for (String[] r : cells) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] r : cells) {
      for (int i = 0; i < r.length; i++) {
        sb.append(i == r.length - 1 ? r[i] : pad(r[i], width[i] + 2));
      }
      sb.append('\n');
    }
    sb.append('\n').append(PortRegistry.HA_ICMP_NOTE).append('\n');
    sb.append(PortRegistry.WITNESS_NOTE).append('\n');
    sb.append(
        "Port offset: %s. Witness instance: %d.%n"
            .formatted(
                portOffset == 0
                    ? "none (real ports)"
                    : "+" + portOffset + " on listening ports below 1024",
                witnessInstance));
    return sb.toString();
  }

  /** The README's Markdown table: the seed's columns plus the module and readiness. */
  public static String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("| Ports | Service | Protocol | Direction | Purpose | Module | Status |\n");
    sb.append("|---|---|---|---|---|---|---|\n");
    for (var row : PortRegistry.rows()) {
      sb.append("| ")
          .append(row.portsLabel())
          .append(" | ")
          .append(row.service())
          .append(" | ")
          .append(row.protocolLabel())
          .append(" | ")
          .append(row.direction().seedName())
          .append(" | ")
          .append(row.purpose())
          .append(" | ")
          .append(row.module())
          .append(" | ")
          .append(row.readiness().label())
          .append(": ")
          .append(row.note())
          .append(" |\n");
    }
    return sb.toString();
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }
}
