package dev.kiln.daemon.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.common.lifecycle.Health;
import dev.kiln.common.lifecycle.ManagedService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LifecycleTest {

  private final List<String> events = Collections.synchronizedList(new ArrayList<>());

  private final class Probe implements ManagedService {
    final String name;
    final Set<String> deps;
    boolean failStart;
    CountDownLatch blockStop;

    Probe(String name, String... deps) {
      this.name = name;
      this.deps = Set.of(deps);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Set<String> dependsOn() {
      return deps;
    }

    @Override
    public void start() {
      if (failStart) {
        throw new IllegalStateException("boom");
      }
      events.add("start " + name);
    }

    @Override
    public void stop() throws InterruptedException {
      if (blockStop != null) {
        blockStop.await();
      }
      events.add("stop " + name);
    }

    @Override
    public Health health() {
      return Health.up();
    }
  }

  @Test
  void startsAfterDependenciesAndStopsInReverse() throws Exception {
    Probe nfs = new Probe("nfs", "pool", "mgmt");
    Probe pool = new Probe("pool");
    Probe mgmt = new Probe("mgmt", "pool");
    Lifecycle lc = new Lifecycle(List.of(nfs, mgmt, pool), Duration.ofSeconds(5));
    assertThat(lc.startOrder()).containsExactly("pool", "mgmt", "nfs");
    lc.startAll();
    lc.stopAll();
    assertThat(events)
        .containsExactly(
            "start pool", "start mgmt", "start nfs", "stop nfs", "stop mgmt", "stop pool");
  }

  @Test
  void failedStartStopsWhatStartedAndReportsTheService() {
    Probe pool = new Probe("pool");
    Probe mgmt = new Probe("mgmt", "pool");
    mgmt.failStart = true;
    Probe nfs = new Probe("nfs", "mgmt");
    Lifecycle lc = new Lifecycle(List.of(pool, mgmt, nfs), Duration.ofSeconds(5));
    assertThatThrownBy(lc::startAll)
        .isInstanceOf(ServiceStartException.class)
        .hasMessageContaining("service mgmt failed to start: boom");
    assertThat(events).containsExactly("start pool", "stop pool");
    assertThat(lc.health().get("mgmt").state()).isEqualTo(Health.State.FAILED);
    assertThat(lc.health().get("nfs").state()).isEqualTo(Health.State.STOPPED);
  }

  @Test
  void cyclesAndUnknownDependenciesAreRefused() {
    assertThatThrownBy(
            () ->
                new Lifecycle(
                    List.of(new Probe("a", "b"), new Probe("b", "c"), new Probe("c", "a")),
                    Duration.ofSeconds(1)))
        .hasMessageContaining("dependency cycle: a -> b -> c -> a");
    assertThatThrownBy(() -> new Lifecycle(List.of(new Probe("a", "x")), Duration.ofSeconds(1)))
        .hasMessageContaining("service a depends on unknown service x");
    assertThatThrownBy(
            () -> new Lifecycle(List.of(new Probe("a"), new Probe("a")), Duration.ofSeconds(1)))
        .hasMessageContaining("two services are named a");
  }

  @Test
  void aStuckServiceDoesNotKeepOthersFromStopping() throws Exception {
    Probe pool = new Probe("pool");
    Probe stuck = new Probe("stuck", "pool");
    stuck.blockStop = new CountDownLatch(1);
    Lifecycle lc = new Lifecycle(List.of(pool, stuck), Duration.ofMillis(200));
    lc.startAll();
    lc.stopAll();
    assertThat(events).containsExactly("start pool", "start stuck", "stop pool");
    assertThat(lc.health().get("stuck").detail()).contains("did not stop within");
    stuck.blockStop.countDown();
  }

  @Test
  void healthIsLiveWhileRunning() throws Exception {
    Probe pool = new Probe("pool");
    Lifecycle lc = new Lifecycle(List.of(pool), Duration.ofSeconds(1));
    assertThat(lc.health().get("pool").state()).isEqualTo(Health.State.STOPPED);
    lc.startAll();
    assertThat(lc.health().get("pool").state()).isEqualTo(Health.State.UP);
    lc.stopAll();
    lc.stopAll();
    assertThat(events).containsExactly("start pool", "stop pool");
  }
}
