package dev.kiln.cli.firewall;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A shell script feeding {@code iptables-restore} and {@code ip6tables-restore}: both families get
 * the same port rules, each its own ICMP echo rules.
 */
final class IptablesRules implements FirewallRenderer {

  @Override
  public String render(FirewallModel m) {
    StringBuilder sb = new StringBuilder("#!/bin/sh\n");
    m.header("iptables").forEach(l -> sb.append("# ").append(l).append('\n'));
    sb.append("set -e\n\niptables-restore <<'EOF'\n");
    table(sb, m, false);
    sb.append("EOF\n\nip6tables-restore <<'EOF'\n");
    table(sb, m, true);
    sb.append("EOF\n");
    return sb.toString();
  }

  private static void table(StringBuilder sb, FirewallModel m, boolean v6) {
    sb.append("*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT DROP [0:0]\n");
    for (String chain : List.of("INPUT", "OUTPUT")) {
      boolean inbound = chain.equals("INPUT");
      sb.append("-A ").append(chain).append(inbound ? " -i lo" : " -o lo").append(" -j ACCEPT\n");
      sb.append("-A ")
          .append(chain)
          .append(" -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n");
      icmp(sb, m, chain, inbound, v6);
      for (PortRule r : m.rules()) {
        if (r.inbound() != inbound) {
          continue;
        }
        String proto = r.transport().lowerName();
        sb.append("-A ").append(chain).append(" -p ").append(proto);
        if (r.ports().size() == 1) {
          sb.append(" -m ").append(proto).append(" --dport ").append(r.ports().getFirst());
        } else {
          sb.append(" -m multiport --dports ")
              .append(r.ports().stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        sb.append(" -m comment --comment \"")
            .append(r.comment().replace("\"", "'"))
            .append("\" -j ACCEPT\n");
      }
    }
    sb.append("COMMIT\n");
  }

  private static void icmp(
      StringBuilder sb, FirewallModel m, String chain, boolean inbound, boolean v6) {
    List<String> peers = m.haPeers().stream().filter(a -> FirewallModel.isV6(a) == v6).toList();
    if (!m.haPeers().isEmpty() && peers.isEmpty()) {
      return;
    }
    String proto = v6 ? "ipv6-icmp" : "icmp";
    String typeFlag = v6 ? "--icmpv6-type" : "--icmp-type";
    for (String type : List.of("echo-request", "echo-reply")) {
      List<String> sources = peers.isEmpty() ? java.util.Collections.singletonList(null) : peers;
      for (String peer : sources) {
        sb.append("-A ").append(chain);
        if (peer != null) {
          sb.append(inbound ? " -s " : " -d ").append(peer);
        }
        sb.append(" -p ")
            .append(proto)
            .append(" -m ")
            .append(v6 ? "icmp6" : "icmp")
            .append(' ')
            .append(typeFlag)
            .append(' ')
            .append(type)
            .append(" -m comment --comment \"HA nodes and witness: ping\" -j ACCEPT\n");
      }
    }
    if (v6) {
      for (String type : List.of("neighbour-solicitation", "neighbour-advertisement")) {
        sb.append("-A ")
            .append(chain)
            .append(" -p ipv6-icmp -m icmp6 --icmpv6-type ")
            .append(type)
            .append(" -j ACCEPT\n");
      }
    }
  }
}
