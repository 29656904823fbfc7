package dev.kiln.cli.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirLockTest {

  @TempDir Path dir;

  @Test
  void secondAcquireFailsWithAlreadyRunningAndPid() throws Exception {
    try (DataDirLock lock = DataDirLock.acquire(dir)) {
      assertThat(DataDirLock.isHeld(dir)).isTrue();
      assertThatThrownBy(() -> DataDirLock.acquire(dir))
          .isInstanceOf(AlreadyRunningException.class)
          .hasMessageContaining("already running on data directory " + dir)
          .hasMessageContaining("pid " + ProcessHandle.current().pid());
    }
    assertThat(DataDirLock.isHeld(dir)).isFalse();
    try (DataDirLock again = DataDirLock.acquire(dir)) {
      assertThat(DataDirLock.holderPid(dir)).contains(ProcessHandle.current().pid());
    }
  }

  @Test
  void runtimeStateRoundTrips() throws Exception {
    RuntimeState state =
        new RuntimeState(
            42,
            "1.0",
            Instant.parse("2026-11-24T06:00:00.123456789Z"),
            10_000,
            2,
            Map.of("bsrapid", List.of(10080, 10443, 8443)),
            Map.of("mgmt-http", "UP"));
    state.write(dir);
    assertThat(RuntimeState.read(dir)).isEqualTo(state);
  }
}
