package dev.kiln.cli.firewall;

import java.util.List;
import java.util.stream.Collectors;

/** An {@code nft -f} script with one {@code inet kiln} table (replaced as a whole on reload). */
final class NftablesRules implements FirewallRenderer {

  @Override
  public String render(FirewallModel m) {
    StringBuilder sb = new StringBuilder("#!/usr/sbin/nft -f\n");
    m.header("nftables").forEach(l -> sb.append("# ").append(l).append('\n'));
    sb.append("table inet kiln\ndelete table inet kiln\n\ntable inet kiln {\n");
    chain(sb, m, true);
    sb.append('\n');
    chain(sb, m, false);
    sb.append("}\n");
    return sb.toString();
  }

  private static void chain(StringBuilder sb, FirewallModel m, boolean inbound) {
    String name = inbound ? "input" : "output";
    sb.append("  chain ").append(name).append(" {\n");
    sb.append("    type filter hook ").append(name).append(" priority filter; policy drop;\n");
    sb.append("    ct state established,related accept\n");
    sb.append("    ").append(inbound ? "iif" : "oif").append(" \"lo\" accept\n");
    icmp(sb, m, inbound);
    for (PortRule r : m.rules()) {
      if (r.inbound() != inbound) {
        continue;
      }
      sb.append("    ")
          .append(r.transport().lowerName())
          .append(" dport ")
          .append(ports(r.ports()))
          .append(" accept comment \"")
          .append(r.comment().replace("\"", "'"))
          .append("\"\n");
    }
    sb.append("  }\n");
  }

  private static void icmp(StringBuilder sb, FirewallModel m, boolean inbound) {
    String comment = " accept comment \"HA nodes and witness: ping\"\n";
    String peerField = inbound ? "saddr" : "daddr";
    List<String> v4 = m.haPeers().stream().filter(a -> !FirewallModel.isV6(a)).toList();
    List<String> v6 = m.haPeers().stream().filter(FirewallModel::isV6).toList();
    boolean any = m.haPeers().isEmpty();
    if (any || !v4.isEmpty()) {
      sb.append("    ");
      if (!any) {
        sb.append("ip ").append(peerField).append(' ').append(set(v4)).append(' ');
      }
      sb.append("icmp type { echo-request, echo-reply }").append(comment);
    }
    if (any || !v6.isEmpty()) {
      sb.append("    ");
      if (!any) {
        sb.append("ip6 ").append(peerField).append(' ').append(set(v6)).append(' ');
      }
      sb.append("icmpv6 type { echo-request, echo-reply }").append(comment);
    }
    if (inbound) {
      // IPv6 cannot work without neighbour discovery.
      sb.append(
          "    icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-advert }"
              + " accept\n");
    } else {
      sb.append(
          "    icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit }"
              + " accept\n");
    }
  }

  private static String ports(List<Integer> ports) {
    return ports.size() == 1
        ? String.valueOf(ports.getFirst())
        : ports.stream().map(String::valueOf).collect(Collectors.joining(", ", "{ ", " }"));
  }

  private static String set(List<String> addrs) {
    return addrs.size() == 1
        ? addrs.getFirst()
        : String.join(", ", addrs).transform(s -> "{ " + s + " }");
  }
}
