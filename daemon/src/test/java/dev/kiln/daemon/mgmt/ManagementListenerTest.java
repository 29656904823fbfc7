package dev.kiln.daemon.mgmt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ManagementListenerTest {

  @Test
  void redirectHostLosesOnlyItsPort() {
    assertThat(ManagementListener.stripPort("nas1:80")).isEqualTo("nas1");
    assertThat(ManagementListener.stripPort("nas1")).isEqualTo("nas1");
    assertThat(ManagementListener.stripPort("[::1]:10080")).isEqualTo("[::1]");
    assertThat(ManagementListener.stripPort("10.0.0.5:80")).isEqualTo("10.0.0.5");
  }
}
