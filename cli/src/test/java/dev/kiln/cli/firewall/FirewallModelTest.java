package dev.kiln.cli.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.common.net.PortPlan;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirewallModelTest {

  private final FirewallModel model = FirewallModel.of(PortPlan.builder().build(), List.of());

  @Test
  void inboundRowsGetInputRulesAndOutboundRowsOutputRules() {
    assertThat(model.rules())
        .contains(
            new PortRule(
                true,
                dev.kiln.common.net.Transport.TCP,
                List.of(3205, 3260),
                "iSCSI: iSCSI client/initiator access"));
    assertThat(model.rules())
        .filteredOn(r -> r.comment().startsWith("mail:"))
        .allMatch(r -> !r.inbound())
        .hasSize(1);
    // bidirectional: both chains
    assertThat(model.rules())
        .filteredOn(r -> r.comment().startsWith("hiavd: High Availability ("))
        .extracting(PortRule::inbound)
        .containsExactlyInAnyOrder(true, false);
  }

  @Test
  void everySeedPortAppearsInSomeRule() {
    List<Integer> ports = model.rules().stream().flatMap(r -> r.ports().stream()).toList();
    for (var row : dev.kiln.common.net.PortRegistry.rows()) {
      assertThat(ports).containsAll(row.ports());
    }
  }

  @Test
  void tcpUdpRowsGetBothProtocols() {
    assertThat(model.rules())
        .filteredOn(r -> r.comment().startsWith("NFS/portmap"))
        .extracting(PortRule::transport)
        .containsExactlyInAnyOrder(
            dev.kiln.common.net.Transport.TCP, dev.kiln.common.net.Transport.UDP);
  }
}
