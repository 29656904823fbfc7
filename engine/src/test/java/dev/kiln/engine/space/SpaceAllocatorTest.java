package dev.kiln.engine.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.block.CorruptMetadataException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpaceAllocatorTest {

  private static final long START = 512 * 1024;
  private static final long END = START + (8L << 20);

  private static SpaceAllocator allocator() {
    return SpaceAllocator.empty(List.of(new long[] {START, END}, new long[] {START, END / 2}));
  }

  @Test
  void neverHandsOutTheSameByteTwice() throws OutOfSpaceException {
    SpaceAllocator a = allocator();
    Random random = new Random(42);
    List<Extent> live = new ArrayList<>();
    long txg = 1;
    for (int step = 0; step < 5000; step++) {
      if (!live.isEmpty() && random.nextInt(3) == 0) {
        Extent victim = live.remove(random.nextInt(live.size()));
        a.free(victim, txg, txg);
      } else {
        Extent e;
        try {
          e = a.allocate(4096L * (1 + random.nextInt(8)), txg);
        } catch (OutOfSpaceException full) {
          continue;
        }
        for (Extent other : live) {
          assertThat(e.overlaps(other)).as("%s overlaps %s", e, other).isFalse();
        }
        assertThat(e.offset()).isGreaterThanOrEqualTo(START);
        live.add(e);
      }
      if (step % 100 == 99) {
        a.takeRecords(txg);
        a.synced(txg);
        txg++;
      }
    }
    assertThat(a.slabCount(0)).isGreaterThan(1);
  }

  @Test
  void spaceFreedInATxgIsReusableOnlyAfterTheNextTxgIsSynced() throws OutOfSpaceException {
    SpaceAllocator a = allocator();
    Extent old = a.allocate(8192, 5);
    a.takeRecords(5);
    a.synced(5);
    a.free(old, 5, 6);
    assertThat(a.anyFree(old)).isFalse();
    assertThat(a.deferredBytes()).isEqualTo(8192);
    a.takeRecords(6);
    a.synced(6);
    assertThat(a.anyFree(old)).as("state of txg 5 still references it").isFalse();
    a.synced(7);
    assertThat(a.isFree(old)).isTrue();
    assertThat(a.deferredBytes()).isZero();
  }

  @Test
  void aBlockBornAndFreedInTheSameTxgIsReusableAtOnceAndLeavesNoRecord()
      throws OutOfSpaceException {
    SpaceAllocator a = allocator();
    Extent e = a.allocate(4096, 3);
    a.free(e, 3, 3);
    assertThat(a.isFree(e)).isTrue();
    assertThat(a.takeRecords(3)).isEmpty();
  }

  @Test
  void doubleFreeIsRefused() throws OutOfSpaceException {
    SpaceAllocator a = allocator();
    Extent e = a.allocate(4096, 3);
    a.free(e, 3, 3);
    assertThatThrownBy(() -> a.free(e, 3, 3)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void recordsReplayIntoTheSameAllocatedState() throws Exception {
    SpaceAllocator a = allocator();
    List<SpaceMapRecord> log = new ArrayList<>();
    Extent keep = a.allocate(4096, 1);
    Extent drop = a.allocate(8192, 1);
    log.addAll(a.takeRecords(1));
    a.synced(1);
    a.free(drop, 1, 2);
    Extent more = a.allocate(12288, 2);
    log.addAll(a.takeRecords(2));
    a.synced(2);
    Extent meta = new Extent(1, END / 2 - 4096, 4096);

    SpaceAllocator restored =
        SpaceAllocator.restore(
            List.of(new long[] {START, END}, new long[] {START, END / 2}), log, List.of(meta));
    assertThat(restored.anyFree(keep)).isFalse();
    assertThat(restored.anyFree(more)).isFalse();
    assertThat(restored.anyFree(meta)).isFalse();
    assertThat(restored.isFree(drop)).isTrue();
    assertThat(restored.condensedRecords()).isEqualTo(a.condensedRecords());
  }

  @Test
  void inconsistentLogsAreCorruption() {
    List<long[]> regions = List.<long[]>of(new long[] {START, END});
    Extent e = new Extent(0, START, 4096);
    assertThatThrownBy(
            () ->
                SpaceAllocator.restore(
                    regions, List.of(SpaceMapRecord.alloc(e), SpaceMapRecord.alloc(e)), List.of()))
        .isInstanceOf(CorruptMetadataException.class);
    assertThatThrownBy(
            () -> SpaceAllocator.restore(regions, List.of(SpaceMapRecord.free(e)), List.of()))
        .isInstanceOf(CorruptMetadataException.class);
    Extent outside = new Extent(0, END, 4096);
    assertThatThrownBy(
            () ->
                SpaceAllocator.restore(regions, List.of(SpaceMapRecord.alloc(outside)), List.of()))
        .isInstanceOf(CorruptMetadataException.class);
    assertThatThrownBy(
            () -> SpaceAllocator.restore(regions, List.of(SpaceMapRecord.alloc(e)), List.of(e)))
        .isInstanceOf(CorruptMetadataException.class);
  }

  @Test
  void userAllocationsStopShortOfTheMetadataReserve() throws OutOfSpaceException {
    SpaceAllocator a = SpaceAllocator.empty(List.<long[]>of(new long[] {START, START + (2 << 20)}));
    long allocated = 0;
    while (true) {
      try {
        a.allocate(64 * 1024, 1);
        allocated += 64 * 1024;
      } catch (OutOfSpaceException e) {
        assertThat(e).hasMessageContaining("out of space");
        break;
      }
    }
    assertThat(a.freeBytes()).isGreaterThanOrEqualTo(a.reserveBytes());
    assertThat(allocated).isGreaterThan(0);
    assertThat(a.allocateMetadata(64 * 1024)).isNotNull();
  }

  @Test
  void logBlocksCycleThroughTheLogRegionWhichOtherBlocksLeaveAlone() throws OutOfSpaceException {
    SpaceAllocator a = SpaceAllocator.empty(List.<long[]>of(new long[] {START, END}));
    Extent region = a.logRegion(0);
    assertThat(region.offset()).isEqualTo(START);
    assertThat(region.length()).isEqualTo(a.slabSize(0)).isLessThan(END - START);
    List<Extent> user = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      Extent log = a.allocateLog(8192, 1);
      assertThat(region.contains(log)).as("%s in %s", log, region).isTrue();
      Extent data = a.allocate(8192, 1);
      assertThat(data.overlaps(region)).as("%s outside %s", data, region).isFalse();
      user.add(data);
      Extent meta = a.allocateMetadata(4096);
      assertThat(meta.overlaps(region)).as("%s outside %s", meta, region).isFalse();
    }
  }

  @Test
  void aFullLogRegionSendsLogBlocksElsewhereAndAFullPoolLetsOthersIn() throws OutOfSpaceException {
    SpaceAllocator a = SpaceAllocator.empty(List.<long[]>of(new long[] {START, END}));
    Extent region = a.logRegion(0);
    for (long filled = 0; filled < region.length(); filled += 65536) {
      assertThat(region.contains(a.allocateLog(65536, 1))).isTrue();
    }
    Extent spilled = a.allocateLog(65536, 1);
    assertThat(spilled.overlaps(region)).isFalse();
    a.takeRecords(1);
    a.synced(1);
    // Free the log region again, fill everything else: user blocks then take the log region.
    for (long off = region.offset(); off < region.end(); off += 65536) {
      a.free(new Extent(0, off, 65536), 1, 2);
    }
    a.takeRecords(2);
    a.synced(2);
    a.synced(3);
    a.syncingThread(Thread.currentThread()); // may use the metadata reserve: fill to the brim
    long outside = 0;
    while (true) {
      Extent e = a.allocate(65536, 4);
      if (region.contains(e)) {
        break;
      }
      outside += e.length();
    }
    assertThat(outside + spilled.length()).isEqualTo(END - START - region.length());
  }

  @Test
  void aRunIsAllocatedBackToBackAndEachBlockIsFreedOnItsOwn() throws OutOfSpaceException {
    SpaceAllocator a = allocator();
    long before = a.freeBytes();
    List<Extent> run = a.allocateRun(new long[] {4096, 16384, 8192}, 3);
    assertThat(run).hasSize(3);
    for (int i = 1; i < run.size(); i++) {
      assertThat(run.get(i).vdev()).isEqualTo(run.get(0).vdev());
      assertThat(run.get(i).offset()).isEqualTo(run.get(i - 1).offset() + run.get(i - 1).length());
    }
    assertThat(run.stream().map(Extent::length)).containsExactly(4096L, 16384L, 8192L);
    assertThat(a.freeBytes()).isEqualTo(before - 28672);
    // Born and freed in the same txg: each piece was recorded as an allocation of its own.
    a.free(run.get(1), 3, 3);
    assertThat(a.isFree(run.get(1))).isTrue();
    assertThat(a.anyFree(run.get(0))).isFalse();
    List<SpaceMapRecord> records = a.takeRecords(3);
    assertThat(records).hasSize(2).allMatch(r -> !r.free());
    assertThat(records.stream().map(SpaceMapRecord::extent))
        .containsExactly(run.get(0), run.get(2));
  }

  @Test
  void aRunWithNoRoomInOnePieceIsAllocatedBlockByBlock() throws OutOfSpaceException {
    SpaceAllocator a = checkerboard();
    long free = a.freeBytes();
    // 320 KiB in total, more than any free piece holds (64 KiB holes, 256 KiB at the end).
    long[] lengths = {64 * 1024, 64 * 1024, 64 * 1024, 64 * 1024, 64 * 1024};
    List<Extent> run = a.allocateRun(lengths, 2);
    assertThat(run).hasSize(5).allMatch(e -> e.length() == 64 * 1024);
    boolean backToBack = true;
    for (int i = 1; i < run.size(); i++) {
      backToBack &= run.get(i).offset() == run.get(i - 1).offset() + run.get(i - 1).length();
      for (int j = 0; j < i; j++) {
        assertThat(run.get(i).overlaps(run.get(j))).isFalse();
      }
    }
    assertThat(backToBack).isFalse();
    assertThat(a.freeBytes()).isEqualTo(free - 5 * 64 * 1024);
    for (Extent e : run) {
      a.free(e, 2, 2);
    }
    assertThat(a.freeBytes()).isEqualTo(free);
  }

  /** A 8 MiB device filled with 64 KiB blocks up to its reserve, every other block freed again. */
  private static SpaceAllocator checkerboard() throws OutOfSpaceException {
    SpaceAllocator a = SpaceAllocator.empty(List.<long[]>of(new long[] {START, START + (8 << 20)}));
    List<Extent> pieces = new ArrayList<>();
    while (true) {
      try {
        pieces.add(a.allocate(64 * 1024, 1));
      } catch (OutOfSpaceException full) {
        break;
      }
    }
    for (int i = 0; i < pieces.size(); i += 2) {
      a.free(pieces.get(i), 1, 1);
    }
    a.takeRecords(1);
    return a;
  }

  @Test
  void aRunThatDoesNotFitAllocatesNothing() throws OutOfSpaceException {
    SpaceAllocator a = checkerboard();
    long before = a.freeBytes();
    // Room in total, but the third block fits no free piece once the first two took theirs.
    assertThatThrownBy(() -> a.allocateRun(new long[] {64 * 1024, 64 * 1024, 512 * 1024}, 2))
        .isInstanceOf(OutOfSpaceException.class);
    assertThat(a.freeBytes()).isEqualTo(before);
    assertThat(a.takeRecords(2)).isEmpty();
  }
}
