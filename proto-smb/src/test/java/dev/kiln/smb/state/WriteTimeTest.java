package dev.kiln.smb.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WriteTimeTest {

  private final Instant created = Instant.parse("2026-12-03T12:00:00Z");
  private final WriteTime time = new WriteTime();

  private Instant at(double seconds) {
    return created.plusMillis((long) (seconds * 1000));
  }

  @Test
  void aFirstWriteKeepsTheOldTimeUntilTheDelayPasses() {
    assertThat(time.needsMtime()).isTrue();
    time.beforeWrite(created, at(1));
    assertThat(time.needsMtime()).isFalse();
    assertThat(time.shown(at(2))).isEqualTo(created);
    assertThat(time.shown(at(1).plus(WriteTime.DELAY))).isEqualTo(at(1).plus(WriteTime.DELAY));
  }

  @Test
  void laterWritesMoveTheTimeOnlyAtTheClose() {
    time.beforeWrite(created, at(1));
    Instant updated = time.shown(at(4));
    time.beforeWrite(null, at(4));
    assertThat(time.shown(at(7))).isEqualTo(updated);
    assertThat(time.closing(at(9))).isEqualTo(at(9));
    assertThat(time.shown(at(9))).isNull();
  }

  @Test
  void aCloseAfterTheUpdateWithoutMoreWritesStoresTheUpdate() {
    time.beforeWrite(created, at(1));
    assertThat(time.closing(at(10))).isEqualTo(at(1).plus(WriteTime.DELAY));
  }

  @Test
  void aCloseBeforeTheUpdateLeavesTheEnginesTimeOfTheLastWrite() {
    time.beforeWrite(created, at(1));
    assertThat(time.closing(at(1.5))).isNull();
  }

  @Test
  void aFlushMakesThePendingUpdateHappenAtOnce() {
    time.beforeWrite(created, at(1));
    time.flush(at(1.2));
    assertThat(time.shown(at(1.3))).isEqualTo(at(1.2));
    assertThat(time.closing(at(5))).isEqualTo(at(1.2));
  }

  @Test
  void aFlushWithoutPendingUpdateChangesNothing() {
    time.flush(at(1));
    assertThat(time.shown(at(2))).isNull();
    assertThat(time.closing(at(3))).isNull();
  }

  @Test
  void anExplicitTimeSticksThroughWritesAndIsStoredAtTheClose() {
    time.beforeWrite(created, at(1));
    Instant set = created.plus(Duration.ofDays(1));
    time.set(set);
    time.beforeWrite(null, at(2));
    assertThat(time.shown(at(10))).isEqualTo(set);
    assertThat(time.closing(at(11))).isEqualTo(set);
  }

  @Test
  void freezeKeepsTheShownTimeAndThawLetsWritesMoveItAgain() {
    time.freeze(created, at(1));
    time.beforeWrite(null, at(2));
    assertThat(time.shown(at(5))).isEqualTo(created);
    time.thaw();
    time.beforeWrite(null, at(6));
    assertThat(time.closing(at(7))).isEqualTo(at(7));
  }
}
