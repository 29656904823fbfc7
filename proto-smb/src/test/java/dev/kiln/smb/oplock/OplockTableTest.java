package dev.kiln.smb.oplock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.smb.state.FileKey;
import dev.kiln.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OplockTableTest {

  private static final int ALL_ACCESS = 0x1F01FF;
  private static final int READ_ATTRIBUTES = 0x80;
  private static final FileKey FILE = new FileKey(7, 42);

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-03T12:00:00Z"));
  private final List<Duration> timers = new ArrayList<>();
  private final OplockTable table =
      new OplockTable(clock, OplockTable.ACK_TIMEOUT, (delay, task) -> timers.add(delay));

  /** Break notifications as "fileId:level". */
  private final List<String> sent = new ArrayList<>();

  private BreakChannel channel() {
    return (fileId, level) -> sent.add(fileId + ":" + level);
  }

  private static OplockTable.OpenIntent open(boolean overwrite, boolean shareConflict) {
    return new OplockTable.OpenIntent(ALL_ACCESS, overwrite, shareConflict);
  }

  @Test
  void exclusiveAndBatchAreGrantedOnlyToTheOnlyOpen() {
    assertThat(table.grant(FILE, 1, OplockLevel.BATCH, false, 0, channel()))
        .isEqualTo(OplockLevel.BATCH);
    table.release(1);
    assertThat(table.grant(FILE, 2, OplockLevel.EXCLUSIVE, false, 1, channel()))
        .isEqualTo(OplockLevel.II);
    assertThat(table.grant(FILE, 3, OplockLevel.II, false, 2, channel())).isEqualTo(OplockLevel.II);
  }

  @Test
  void directoriesNoneAndLeaseRequestsGetNoOplock() {
    assertThat(table.grant(FILE, 1, OplockLevel.BATCH, true, 0, channel()))
        .isEqualTo(OplockLevel.NONE);
    assertThat(table.grant(FILE, 2, OplockLevel.NONE, false, 0, channel()))
        .isEqualTo(OplockLevel.NONE);
    assertThat(table.grant(FILE, 3, OplockLevel.LEASE, false, 0, channel()))
        .isEqualTo(OplockLevel.NONE);
    assertThat(table.grant(FILE, 4, 0x42, false, 0, channel())).isEqualTo(OplockLevel.NONE);
    assertThat(table.size()).isZero();
  }

  @Test
  void aConflictingOpenBreaksBatchToLevelTwoAndWaitsForTheAcknowledgment() throws Exception {
    table.grant(FILE, 1, OplockLevel.BATCH, false, 0, channel());
    AtomicInteger resumed = new AtomicInteger();
    boolean wait = table.breakForOpen(FILE, open(false, false), resumed::incrementAndGet);
    assertThat(wait).isTrue();
    assertThat(sent).containsExactly("1:" + OplockLevel.II);
    assertThat(table.breaking(1)).isTrue();
    assertThat(timers).containsExactly(OplockTable.ACK_TIMEOUT);
    assertThat(resumed).hasValue(0);

    assertThat(table.acknowledge(1, OplockLevel.II)).isEqualTo(OplockLevel.II);
    assertThat(resumed).hasValue(1);
    assertThat(table.level(1)).isEqualTo(OplockLevel.II);
    assertThat(table.breakForOpen(FILE, open(false, false), resumed::incrementAndGet)).isFalse();
  }

  @Test
  void overwritingBreaksToNoneAndLevelTwoHoldersLoseTheirOplockWithoutAcknowledging() {
    table.grant(FILE, 1, OplockLevel.EXCLUSIVE, false, 0, channel());
    assertThat(table.breakForOpen(FILE, open(true, false), () -> {})).isTrue();
    assertThat(sent).containsExactly("1:" + OplockLevel.NONE);
    assertThatThrownBy(() -> table.acknowledge(1, OplockLevel.II))
        .isInstanceOf(StatusInvalidOplockProtocol.class);
    assertThat(table.level(1)).isEqualTo(OplockLevel.NONE);

    table.grant(FILE, 2, OplockLevel.II, false, 1, channel());
    sent.clear();
    assertThat(table.breakForOpen(FILE, open(true, false), () -> {})).isFalse();
    assertThat(sent).containsExactly("2:" + OplockLevel.NONE);
    assertThat(table.level(2)).isEqualTo(OplockLevel.NONE);
  }

  @Test
  void exclusiveIsNotBrokenWhenTheShareCheckFailsButBatchIs() {
    table.grant(FILE, 1, OplockLevel.EXCLUSIVE, false, 0, channel());
    assertThat(table.breakForOpen(FILE, open(false, true), () -> {})).isFalse();
    assertThat(sent).isEmpty();
    table.release(1);
    table.grant(FILE, 2, OplockLevel.BATCH, false, 0, channel());
    assertThat(table.breakForOpen(FILE, open(false, true), () -> {})).isTrue();
    assertThat(sent).containsExactly("2:" + OplockLevel.II);
  }

  @Test
  void attributeOnlyOpensBreakNothingUnlessTheyOverwrite() {
    table.grant(FILE, 1, OplockLevel.BATCH, false, 0, channel());
    OplockTable.OpenIntent stat = new OplockTable.OpenIntent(READ_ATTRIBUTES, false, false);
    assertThat(table.breakForOpen(FILE, stat, () -> {})).isFalse();
    assertThat(sent).isEmpty();
    OplockTable.OpenIntent statOverwrite = new OplockTable.OpenIntent(READ_ATTRIBUTES, true, false);
    assertThat(table.breakForOpen(FILE, statOverwrite, () -> {})).isTrue();
    assertThat(sent).containsExactly("1:" + OplockLevel.NONE);
  }

  @Test
  void closingTheHolderResumesTheWaitingOpen() {
    table.grant(FILE, 1, OplockLevel.BATCH, false, 0, channel());
    AtomicInteger resumed = new AtomicInteger();
    table.breakForOpen(FILE, open(false, false), resumed::incrementAndGet);
    table.release(1);
    assertThat(resumed).hasValue(1);
    assertThat(table.size()).isZero();
  }

  @Test
  void aCancelledWaitIsNotResumed() {
    table.grant(FILE, 1, OplockLevel.BATCH, false, 0, channel());
    AtomicInteger resumed = new AtomicInteger();
    Runnable resume = resumed::incrementAndGet;
    table.breakForOpen(FILE, open(false, false), resume);
    assertThat(table.cancelWait(FILE, resume)).isTrue();
    table.release(1);
    assertThat(resumed).hasValue(0);
    assertThat(table.cancelWait(FILE, resume)).isFalse();
  }

  @Test
  void anUnacknowledgedBreakExpiresOnlyAfterTheTimeoutByTheClock() {
    table.grant(FILE, 1, OplockLevel.BATCH, false, 0, channel());
    AtomicInteger resumed = new AtomicInteger();
    table.breakForOpen(FILE, open(false, false), resumed::incrementAndGet);

    clock.advance(OplockTable.ACK_TIMEOUT.minusSeconds(1));
    table.expire();
    assertThat(resumed).hasValue(0);
    assertThat(table.breaking(1)).isTrue();

    clock.advance(Duration.ofSeconds(1));
    table.expire();
    assertThat(resumed).hasValue(1);
    assertThat(table.level(1)).isEqualTo(OplockLevel.NONE);
    assertThatThrownBy(() -> table.acknowledge(1, OplockLevel.NONE))
        .isInstanceOf(StatusInvalidOplockProtocol.class);
  }

  @Test
  void anAcknowledgmentWithoutABreakIsRefused() {
    table.grant(FILE, 1, OplockLevel.BATCH, false, 0, channel());
    assertThatThrownBy(() -> table.acknowledge(1, OplockLevel.II))
        .isInstanceOf(StatusInvalidOplockProtocol.class)
        .extracting(e -> ((StatusInvalidOplockProtocol) e).status())
        .isEqualTo(StatusInvalidOplockProtocol.STATUS);
    assertThat(table.level(1)).isEqualTo(OplockLevel.BATCH);
  }

  @Test
  void acknowledgingNoneToABreakToLevelTwoDropsTheOplock() throws Exception {
    table.grant(FILE, 1, OplockLevel.BATCH, false, 0, channel());
    table.breakForOpen(FILE, open(false, false), () -> {});
    assertThat(table.acknowledge(1, OplockLevel.NONE)).isEqualTo(OplockLevel.NONE);
    assertThat(table.size()).isZero();
  }

  @Test
  void writesBreakEveryLevelTwoOplockIncludingTheWritersOwn() {
    table.grant(FILE, 1, OplockLevel.II, false, 1, channel());
    table.grant(FILE, 2, OplockLevel.II, false, 1, channel());
    table.breakLevelTwo(FILE);
    assertThat(sent).containsExactlyInAnyOrder("1:0", "2:0");
    assertThat(table.size()).isZero();
    sent.clear();
    table.breakLevelTwo(FILE);
    assertThat(sent).isEmpty();
  }

  @Test
  void breaksGoToTheChannelTheOpenWasReboundTo() {
    table.grant(FILE, 1, OplockLevel.BATCH, false, 0, channel());
    List<String> other = new ArrayList<>();
    table.rebind(1, (fileId, level) -> other.add(fileId + ":" + level));
    table.breakForOpen(FILE, open(false, false), () -> {});
    assertThat(sent).isEmpty();
    assertThat(other).containsExactly("1:1");
  }
}
