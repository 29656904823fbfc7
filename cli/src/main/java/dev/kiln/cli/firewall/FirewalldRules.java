package dev.kiln.cli.firewall;

/**
 * A shell script of {@code firewall-cmd} calls: a {@code kiln} service for the inbound ports in the
 * default zone, and a {@code kiln-out} policy (HOST to ANY) for the outbound ones, with everything
 * else leaving the host rejected.
 */
final class FirewalldRules implements FirewallRenderer {

  @Override
  public String render(FirewallModel m) {
    StringBuilder sb = new StringBuilder("#!/bin/sh\n");
    m.header("firewalld").forEach(l -> sb.append("# ").append(l).append('\n'));
    sb.append("set -e\nfw() { firewall-cmd --permanent \"$@\"; }\n\n");
    sb.append("fw --delete-service=kiln >/dev/null 2>&1 || true\n");
    sb.append("fw --new-service=kiln\n");
    sb.append("fw --service=kiln --set-description=\"Kiln storage appliance\"\n");
    for (PortRule r : m.rules()) {
      if (!r.inbound()) {
        continue;
      }
      for (int port : r.ports()) {
        sb.append("fw --service=kiln --add-port=")
            .append(port)
            .append('/')
            .append(r.transport().lowerName())
            .append("  # ")
            .append(r.comment())
            .append('\n');
      }
    }
    sb.append("fw --add-service=kiln\n\n");
    sb.append("fw --delete-policy=kiln-out >/dev/null 2>&1 || true\n");
    sb.append("fw --new-policy=kiln-out\n");
    sb.append("fw --policy=kiln-out --add-ingress-zone=HOST\n");
    sb.append("fw --policy=kiln-out --add-egress-zone=ANY\n");
    sb.append("fw --policy=kiln-out --set-target=REJECT\n");
    for (PortRule r : m.rules()) {
      if (r.inbound()) {
        continue;
      }
      for (int port : r.ports()) {
        sb.append("fw --policy=kiln-out --add-port=")
            .append(port)
            .append('/')
            .append(r.transport().lowerName())
            .append("  # ")
            .append(r.comment())
            .append('\n');
      }
    }
    sb.append("\n# ").append("HA nodes and witness: ping").append('\n');
    sb.append("fw --remove-icmp-block=echo-request >/dev/null 2>&1 || true\n");
    sb.append("fw --remove-icmp-block=echo-reply >/dev/null 2>&1 || true\n");
    if (m.haPeers().isEmpty()) {
      sb.append("fw --policy=kiln-out --add-protocol=icmp\n");
      sb.append("fw --policy=kiln-out --add-protocol=ipv6-icmp\n");
    } else {
      for (String peer : m.haPeers()) {
        String family = FirewallModel.isV6(peer) ? "ipv6" : "ipv4";
        String icmp = FirewallModel.isV6(peer) ? "ipv6-icmp" : "icmp";
        sb.append("fw --policy=kiln-out --add-rich-rule='rule family=\"")
            .append(family)
            .append("\" destination address=\"")
            .append(peer)
            .append("\" protocol value=\"")
            .append(icmp)
            .append("\" accept'\n");
      }
    }
    sb.append("firewall-cmd --reload\n");
    return sb.toString();
  }
}
