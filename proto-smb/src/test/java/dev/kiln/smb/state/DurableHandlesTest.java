package dev.kiln.smb.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DurableHandlesTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-03T12:00:00Z"));
  private final List<Duration> timers = new ArrayList<>();
  private final DurableHandles durables =
      new DurableHandles(clock, (delay, task) -> timers.add(delay));
  private final Caller alice = new Caller("alice", 1001, List.of(1001L), false, false);
  private final Caller bob = new Caller("bob", 1002, List.of(1002L), false, false);

  private static Open open(long id) {
    return new Open(id, new Session(9), null, null, 5, null, false, 0x1F01FF, 0, 0, "f");
  }

  private DurableHandles.Grant v1(Caller c) {
    return new DurableHandles.Grant(DurableHandles.V1_TIMEOUT, null, c.uid(), c.name());
  }

  @Test
  void aConnectedDurableOpenCannotBeReconnected() {
    Open o = open(1);
    durables.grant(o, v1(alice));
    assertThat(durables.durable(o)).isTrue();
    assertThat(durables.reconnect(1, alice, null).refusal())
        .isEqualTo(DurableHandles.Refusal.NOT_FOUND);
  }

  @Test
  void aDisconnectedOpenIsReconnectedOnlyByItsOwnerAndOnlyOnce() {
    Open o = open(1);
    durables.grant(o, v1(alice));
    durables.disconnected(o, () -> {});
    assertThat(timers).containsExactly(DurableHandles.V1_TIMEOUT);
    assertThat(durables.reconnect(1, bob, null).refusal())
        .isEqualTo(DurableHandles.Refusal.ACCESS_DENIED);
    DurableHandles.Reconnect rc = durables.reconnect(1, alice, null);
    assertThat(rc.refusal()).isNull();
    assertThat(rc.open()).isSameAs(o);
    assertThat(durables.reconnect(1, alice, null).refusal())
        .isEqualTo(DurableHandles.Refusal.NOT_FOUND);
  }

  @Test
  void aV2ReconnectNeedsTheGrantedCreateGuid() {
    byte[] guid = new byte[16];
    guid[0] = 7;
    Open o = open(2);
    durables.grant(o, new DurableHandles.Grant(Duration.ofSeconds(30), guid, 1001, "alice"));
    durables.disconnected(o, () -> {});
    assertThat(durables.reconnect(2, alice, new byte[16]).refusal())
        .isEqualTo(DurableHandles.Refusal.NOT_FOUND);
    assertThat(durables.reconnect(2, alice, guid.clone()).open()).isSameAs(o);
  }

  @Test
  void aV1GrantIsReconnectedByDhncOrByDh2cWithAZeroGuid() {
    Open o = open(5);
    durables.grant(o, v1(alice));
    durables.disconnected(o, () -> {});
    byte[] other = new byte[16];
    other[3] = 1;
    assertThat(durables.reconnect(5, alice, other).refusal())
        .isEqualTo(DurableHandles.Refusal.NOT_FOUND);
    assertThat(durables.reconnect(5, alice, new byte[16]).open()).isSameAs(o);
    durables.disconnected(o, () -> {});
    assertThat(durables.reconnect(5, alice, null).open()).isSameAs(o);
  }

  @Test
  void aDisconnectedOpenClosesWhenItsTimeoutPassesByTheClock() {
    Open o = open(3);
    durables.grant(o, v1(alice));
    AtomicInteger closed = new AtomicInteger();
    durables.disconnected(o, closed::incrementAndGet);
    clock.advance(DurableHandles.V1_TIMEOUT.minusMillis(1));
    durables.expire();
    assertThat(closed).hasValue(0);
    assertThat(durables.disconnected(3)).isTrue();
    clock.advance(Duration.ofMillis(1));
    durables.expire();
    assertThat(closed).hasValue(1);
    assertThat(durables.size()).isZero();
    assertThat(durables.reconnect(3, alice, null).refusal())
        .isEqualTo(DurableHandles.Refusal.NOT_FOUND);
  }

  @Test
  void aReconnectedOpenDoesNotExpire() {
    Open o = open(4);
    durables.grant(o, v1(alice));
    AtomicInteger closed = new AtomicInteger();
    durables.disconnected(o, closed::incrementAndGet);
    durables.reconnect(4, alice, null);
    clock.advance(DurableHandles.V1_TIMEOUT.multipliedBy(2));
    durables.expire();
    assertThat(closed).hasValue(0);
    assertThat(durables.durable(o)).isTrue();
    durables.forget(o);
    assertThat(durables.durable(o)).isFalse();
  }

  @Test
  void v2TimeoutsAreDefaultedAndCapped() {
    assertThat(DurableHandles.v2Timeout(0)).isEqualTo(DurableHandles.V2_DEFAULT_TIMEOUT);
    assertThat(DurableHandles.v2Timeout(1500)).isEqualTo(Duration.ofMillis(1500));
    assertThat(DurableHandles.v2Timeout(0xFFFF_FFFFL)).isEqualTo(DurableHandles.V2_MAX_TIMEOUT);
  }
}
