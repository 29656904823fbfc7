package dev.kiln.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PortPlanTest {

  @Test
  void withoutOffsetEveryPortIsTheSeeds() {
    PortPlan plan = PortPlan.builder().build();
    for (PortRow row : PortRegistry.rows()) {
      assertThat(plan.ports(row.id())).extracting(ResolvedPort::port).isEqualTo(row.ports());
    }
    assertThat(plan.remapped()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7})
  void hiavdInstanceNListensAt4745PlusN(int n) {
    PortPlan plan = PortPlan.builder().withWitnessInstance(n).build();
    assertThat(plan.port(ServiceId.HIAVD, 4746)).isEqualTo(4745 + n);
  }

  @Test
  void confdInstancesMoveAsPairsAndNeverCollide() {
    PortPlan first = PortPlan.builder().withWitnessInstance(1).build();
    PortPlan second = PortPlan.builder().withWitnessInstance(2).build();
    PortPlan third = PortPlan.builder().withWitnessInstance(3).build();
    assertThat(first.ports(ServiceId.CONFD))
        .extracting(ResolvedPort::port)
        .containsExactly(2379, 2380);
    assertThat(second.ports(ServiceId.CONFD))
        .extracting(ResolvedPort::port)
        .containsExactly(2381, 2382);
    assertThat(third.ports(ServiceId.CONFD))
        .extracting(ResolvedPort::port)
        .containsExactly(2383, 2384);
  }

  @Test
  void witnessInstanceDoesNotMoveOtherRows() {
    PortPlan plan = PortPlan.builder().withWitnessInstance(4).build();
    assertThat(plan.port(ServiceId.NFS, 2049)).isEqualTo(2049);
    assertThat(plan.port(ServiceId.HIAVD_WITNESS, 443)).isEqualTo(443);
  }

  @Test
  void offsetMovesOnlyListeningPrivilegedPorts() {
    PortPlan plan = PortPlan.builder().withPortOffset(10_000).build();
    assertThat(plan.port(ServiceId.SSH, 22)).isEqualTo(10_022);
    assertThat(plan.port(ServiceId.BSRAPID, 80)).isEqualTo(10_080);
    assertThat(plan.port(ServiceId.BSRAPID, 443)).isEqualTo(10_443);
    assertThat(plan.port(ServiceId.BSRAPID, 8443)).isEqualTo(8443);
    assertThat(plan.port(ServiceId.SMB, 445)).isEqualTo(10_445);
    assertThat(plan.port(ServiceId.NFS, 2049)).isEqualTo(2049);
    // Remote servers listen on the real ports: outbound rows never move.
    assertThat(plan.port(ServiceId.MAIL, 25)).isEqualTo(25);
    assertThat(plan.port(ServiceId.SYSLOG, 514)).isEqualTo(514);
    assertThat(plan.remapped())
        .extracting(ResolvedPort::seedPort)
        .containsExactly(22, 111, 123, 139, 445, 161, 623, 80, 443);
  }

  @Test
  void overrideReplacesTheRow() {
    PortPlan plan =
        PortPlan.builder()
            .withPortOffset(10_000)
            .withOverride(ServiceId.BSRAPID, List.of(0, 0, 9443))
            .build();
    assertThat(plan.ports(ServiceId.BSRAPID))
        .extracting(ResolvedPort::port)
        .containsExactly(0, 0, 9443);
  }

  @Test
  void overrideMustGiveEveryPortOfTheRow() {
    assertThatThrownBy(() -> PortPlan.builder().withOverride(ServiceId.SMB, List.of(1445)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ports.smb needs 2 port(s) (139, 445)");
  }

  @Test
  void collidingListenersAreRefused() {
    assertThatThrownBy(() -> PortPlan.builder().withOverride(ServiceId.NFS, List.of(4045)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both listen on")
        .hasMessageContaining("4045");
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 64_513, Integer.MAX_VALUE})
  void offsetsOutOfRangeAreRefused(int offset) {
    assertThatThrownBy(() -> PortPlan.builder().withPortOffset(offset).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port offset");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -3, 65})
  void witnessInstancesOutOfRangeAreRefused(int instance) {
    assertThatThrownBy(() -> PortPlan.builder().withWitnessInstance(instance).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("witness instance");
  }

  @Test
  void explicitOffsetWinsOverDetection() {
    assertThat(PrivilegedPorts.offset(0)).isZero();
    assertThat(PrivilegedPorts.offset(20_000)).isEqualTo(20_000);
    assertThat(PrivilegedPorts.offset(null))
        .isEqualTo(PrivilegedPorts.canBind() ? 0 : PortPlan.DEFAULT_UNPRIVILEGED_OFFSET);
  }

  @Test
  void remotePortsIgnoreOurOffsetButFollowTheWitnessRule() {
    PortPlan plan =
        PortPlan.builder()
            .withPortOffset(10_000)
            .withWitnessInstance(2)
            .withOverride(ServiceId.SYSLOG, List.of(1514))
            .build();
    assertThat(plan.remotePorts(ServiceId.SSH)).containsExactly(22);
    assertThat(plan.remotePorts(ServiceId.HIAVD)).containsExactly(4747);
    assertThat(plan.remotePorts(ServiceId.SYSLOG)).containsExactly(1514);
  }
}
