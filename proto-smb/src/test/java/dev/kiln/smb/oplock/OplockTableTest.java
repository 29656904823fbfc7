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
    return new Recording(sent);
  }

  /** Records oplock breaks as "fileId:level" and lease breaks as "lease:from>to(ack)@epoch". */
  private record Recording(List<String> log) implements BreakChannel {
    @Override
    public void oplockBreak(long fileId, int newLevel) {
      log.add(fileId + ":" + newLevel);
    }

    @Override
    public void leaseBreak(
        LeaseId lease, int newEpoch, boolean ackRequired, int current, int newState) {
      log.add(
          "lease"
              + lease.keyLow()
              + ":"
              + current
              + ">"
              + newState
              + (ackRequired ? "ack" : "")
              + "@"
              + newEpoch);
    }
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
    table.breakLevelTwo(FILE, 1);
    assertThat(sent).containsExactlyInAnyOrder("1:0", "2:0");
    assertThat(table.size()).isZero();
    sent.clear();
    table.breakLevelTwo(FILE, 1);
    assertThat(sent).isEmpty();
  }

  @Test
  void breaksGoToTheChannelTheOpenWasReboundTo() {
    table.grant(FILE, 1, OplockLevel.BATCH, false, 0, channel());
    List<String> other = new ArrayList<>();
    table.rebind(1, new Recording(other));
    table.breakForOpen(FILE, open(false, false), () -> {});
    assertThat(sent).isEmpty();
    assertThat(other).containsExactly("1:1");
  }

  private static final int R = LeaseState.READ;
  private static final int H = LeaseState.HANDLE;
  private static final int W = LeaseState.WRITE;

  private static LeaseId lease(long key) {
    return new LeaseId(11, 12, key, ~key);
  }

  @Test
  void aLoneOpenGetsTheValidPartOfItsLeaseRequestAndDirectoriesNone() throws Exception {
    assertThat(table.grantLease(FILE, 1, lease(1), R | H | W, 1, 0, false, 0, channel()))
        .isEqualTo(new LeaseGrant(R | H | W, 0, false));
    assertThat(table.grantLease(new FileKey(7, 43), 2, lease(2), H | W, 1, 0, false, 0, channel()))
        .isEqualTo(new LeaseGrant(LeaseState.NONE, 0, false));
    assertThat(table.grantLease(new FileKey(7, 44), 3, lease(3), R | H, 2, 5, true, 0, channel()))
        .isEqualTo(new LeaseGrant(LeaseState.NONE, 6, false));
  }

  @Test
  void aSecondLeaseKeyGetsNoWriteCachingAndAKeyOfAnotherFileIsRefused() throws Exception {
    table.grantLease(FILE, 1, lease(1), R | H, 1, 0, false, 0, channel());
    assertThat(table.grantLease(FILE, 2, lease(2), R | H | W, 1, 0, false, 1, channel()).state())
        .isEqualTo(R | H);
    assertThatThrownBy(
            () -> table.grantLease(new FileKey(7, 99), 3, lease(1), R, 1, 0, false, 0, channel()))
        .isInstanceOf(StatusLeaseKeyInUse.class);
  }

  @Test
  void theSameKeyJoinsAndUpgradesItsLeaseWithANewV2Epoch() throws Exception {
    assertThat(table.grantLease(FILE, 1, lease(1), R, 2, 3, false, 0, channel()))
        .isEqualTo(new LeaseGrant(R, 4, false));
    assertThat(table.grantLease(FILE, 2, lease(1), R | H | W, 2, 0, false, 1, channel()))
        .isEqualTo(new LeaseGrant(R | H | W, 5, false));
    assertThat(table.grantLease(FILE, 3, lease(1), R, 2, 0, false, 2, channel()).state())
        .isEqualTo(R | H | W);
  }

  @Test
  void anUpgradeBesideAnotherLeaseIsAllOrNothing() throws Exception {
    table.grantLease(FILE, 1, lease(1), R, 1, 0, false, 0, channel());
    table.grantLease(FILE, 2, lease(2), R, 1, 0, false, 1, channel());
    assertThat(table.grantLease(FILE, 3, lease(1), R | H | W, 1, 0, false, 2, channel()).state())
        .isEqualTo(R);
    assertThat(table.grantLease(FILE, 4, lease(1), R | H, 1, 0, false, 3, channel()).state())
        .isEqualTo(R | H);
    assertThat(sent).isEmpty();
  }

  @Test
  void oplocksAndLeasesLimitEachOther() throws Exception {
    table.grant(FILE, 1, OplockLevel.II, false, 0, channel());
    assertThat(table.grantLease(FILE, 2, lease(2), R | H | W, 1, 0, false, 1, channel()).state())
        .isEqualTo(R);
    FileKey other = new FileKey(7, 50);
    table.grantLease(other, 3, lease(3), R | H, 1, 0, false, 0, channel());
    assertThat(table.grant(other, 4, OplockLevel.BATCH, false, 1, channel()))
        .isEqualTo(OplockLevel.NONE);
  }

  @Test
  void anotherOpenTakesWriteCachingAndWaitsForTheLeaseAcknowledgment() throws Exception {
    table.grantLease(FILE, 1, lease(1), R | H | W, 2, 0, false, 0, channel());
    AtomicInteger resumed = new AtomicInteger();
    assertThat(table.breakForOpen(FILE, open(false, false), resumed::incrementAndGet)).isTrue();
    assertThat(sent).containsExactly("lease1:7>3ack@2");
    assertThat(table.leaseGrantOf(1).orElseThrow()).isEqualTo(new LeaseGrant(R | H | W, 2, true));
    assertThatThrownBy(() -> table.acknowledgeLease(lease(1), R | H | W))
        .isInstanceOf(StatusLeaseAckRefused.class)
        .extracting(e -> ((StatusLeaseAckRefused) e).status())
        .isEqualTo(StatusLeaseAckRefused.NOT_ACCEPTED);
    assertThat(resumed).hasValue(0);
    assertThat(table.acknowledgeLease(lease(1), R | H)).isEqualTo(R | H);
    assertThat(resumed).hasValue(1);
    assertThatThrownBy(() -> table.acknowledgeLease(lease(1), R))
        .extracting(e -> ((StatusLeaseAckRefused) e).status())
        .isEqualTo(StatusLeaseAckRefused.UNSUCCESSFUL);
    assertThatThrownBy(() -> table.acknowledgeLease(lease(9), R))
        .extracting(e -> ((StatusLeaseAckRefused) e).status())
        .isEqualTo(StatusLeaseAckRefused.NOT_FOUND);
  }

  @Test
  void aShareConflictTakesHandleCachingAndOverwritingTakesReadCaching() throws Exception {
    table.grantLease(FILE, 1, lease(1), R | H, 1, 0, false, 0, channel());
    table.breakForOpen(FILE, open(false, true), () -> {});
    assertThat(sent).containsExactly("lease1:3>1ack@0");
    sent.clear();
    table.expire();
    assertThat(table.leaseGrantOf(1).orElseThrow().breaking()).isTrue();
    assertThat(table.acknowledgeLease(lease(1), R)).isEqualTo(R);
    assertThat(table.breakForOpen(FILE, open(true, false), () -> {})).isFalse();
    assertThat(sent).containsExactly("lease1:1>0@0");
    assertThat(table.leaseGrantOf(1).orElseThrow().state()).isEqualTo(LeaseState.NONE);
  }

  @Test
  void anUnacknowledgedLeaseBreakLeavesNothingAfterTheTimeout() throws Exception {
    table.grantLease(FILE, 1, lease(1), R | H | W, 1, 0, false, 0, channel());
    AtomicInteger resumed = new AtomicInteger();
    table.breakForOpen(FILE, open(false, false), resumed::incrementAndGet);
    assertThat(table.breaking(1)).isTrue();
    clock.advance(OplockTable.ACK_TIMEOUT.minusSeconds(1));
    table.expire();
    assertThat(resumed).hasValue(0);
    clock.advance(Duration.ofSeconds(1));
    table.expire();
    assertThat(resumed).hasValue(1);
    assertThat(table.leaseGrantOf(1).orElseThrow())
        .isEqualTo(new LeaseGrant(LeaseState.NONE, 0, false));
  }

  @Test
  void theLeasesOwnOpensAndAttributeOnlyOpensBreakNothing() throws Exception {
    table.grantLease(FILE, 1, lease(1), R | H | W, 1, 0, false, 0, channel());
    OplockTable.OpenIntent same = new OplockTable.OpenIntent(ALL_ACCESS, false, false, lease(1));
    assertThat(table.breakForOpen(FILE, same, () -> {})).isFalse();
    OplockTable.OpenIntent stat =
        new OplockTable.OpenIntent(READ_ATTRIBUTES | 0x20000, false, false);
    assertThat(table.breakForOpen(FILE, stat, () -> {})).isFalse();
    assertThat(sent).isEmpty();
  }

  @Test
  void writesTakeReadCachingFromOtherLeasesOnly() throws Exception {
    table.grantLease(FILE, 1, lease(1), R, 1, 0, false, 0, channel());
    table.grantLease(FILE, 2, lease(2), R, 1, 0, false, 1, channel());
    table.breakLevelTwo(FILE, 2);
    assertThat(sent).containsExactly("lease1:1>0@0");
    assertThat(table.leaseGrantOf(2).orElseThrow().state()).isEqualTo(R);
  }

  @Test
  void theLeaseEndsWithItsLastOpenAndWakesWaiters() throws Exception {
    table.grantLease(FILE, 1, lease(1), R | H | W, 1, 0, false, 0, channel());
    table.grantLease(FILE, 2, lease(1), R | H | W, 1, 0, false, 1, channel());
    AtomicInteger resumed = new AtomicInteger();
    table.breakForOpen(FILE, open(false, false), resumed::incrementAndGet);
    table.release(1);
    assertThat(resumed).hasValue(0);
    assertThat(table.leaseIdOf(2)).contains(lease(1));
    table.release(2);
    assertThat(resumed).hasValue(1);
    assertThat(table.size()).isZero();
  }
}
