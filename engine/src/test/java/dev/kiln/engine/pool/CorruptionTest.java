package dev.kiln.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.api.io.StorageDevice;
import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.ChecksumMismatchException;
import dev.kiln.engine.block.Compression;
import dev.kiln.engine.vdev.DeviceGeometry;
import dev.kiln.engine.vdev.FileDevice;
import dev.kiln.testkit.crash.ForwardingDevice;
import dev.kiln.testkit.crash.MemoryDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CorruptionTest {

  @TempDir Path dir;

  private final List<PoolAlert> alerts = new CopyOnWriteArrayList<>();

  /** Flips one bit on either kind of device, outside the pool. */
  private static void flipBit(StorageDevice device, long offset, int bit) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(1);
    device.read(offset, b);
    b.put(0, (byte) (b.get(0) ^ (1 << bit)));
    device.write(offset, b.clear());
    device.flush();
  }

  private StorageDevice device(boolean file) throws IOException {
    return file ? FileDevice.create(dir.resolve("disk"), 8L << 20) : new MemoryDevice("m", 8 << 20);
  }

  private StorageDevice reopen(StorageDevice device, boolean file) throws IOException {
    return file ? FileDevice.open(dir.resolve("disk")) : device;
  }

  @ParameterizedTest(name = "file={0}")
  @ValueSource(booleans = {false, true})
  void aFlippedDataBitFailsTheReadCountsAlertsAndScrubReportsIt(boolean file) throws IOException {
    StorageDevice device = device(file);
    List<BlockPointer> blocks = new ArrayList<>();
    try (Pool pool = PoolCreator.named("tank").device(device).create()) {
      for (int i = 0; i < 4; i++) {
        blocks.add(
            pool.blockStore()
                .write(
                    ByteBuffer.wrap(TestData.bytes(i, 9000, i % 2 == 0)),
                    i % 2 == 0 ? Compression.ZSTD : Compression.OFF,
                    pool.openTxg()));
      }
      BlockPointer last = blocks.getLast();
      pool.setSyncHandler((txg, root) -> last);
    }
    StorageDevice reopened = reopen(device, file);
    BlockPointer damaged = blocks.get(2);
    flipBit(reopened, damaged.offset() + damaged.physicalSize() / 2, 5);
    BlockPointer damagedRaw = blocks.get(1);
    flipBit(reopened, damagedRaw.offset() + 17, 0);

    try (Pool pool = PoolImporter.on(List.of(reopened)).alertHook(alerts::add).importPool("tank")) {
      for (int attempt = 0; attempt < 2; attempt++) {
        assertThatThrownBy(() -> pool.blockStore().read(damaged))
            .isInstanceOf(ChecksumMismatchException.class)
            .satisfies(
                e -> assertThat(((ChecksumMismatchException) e).pointer()).isEqualTo(damaged));
      }
      assertThatThrownBy(() -> pool.blockStore().read(damagedRaw))
          .isInstanceOf(ChecksumMismatchException.class);
      assertThat(pool.errorCounts().getFirst().checksumErrors()).isEqualTo(3);
      assertThat(alerts)
          .filteredOn(a -> a instanceof PoolAlert.ChecksumError)
          .hasSize(3)
          .first()
          .satisfies(a -> assertThat(((PoolAlert.ChecksumError) a).pointer()).isEqualTo(damaged));
      assertThat(TestData.array(pool.blockStore().read(blocks.get(0))))
          .isEqualTo(TestData.bytes(0, 9000, true));

      ScrubReport report = pool.scrub(blocks);
      assertThat(report.errors())
          .extracting(ScrubError::pointer)
          .containsExactlyInAnyOrder(damaged, damagedRaw);
      assertThat(report.blocksVerified()).isGreaterThanOrEqualTo(2);
      assertThat(report.labelsVerified()).isEqualTo(4);
      assertThat(pool.errorCounts().getFirst().checksumErrors()).isEqualTo(5);
    }
  }

  @ParameterizedTest(name = "direct={0}")
  @ValueSource(booleans = {false, true})
  void aDamagedBlockReadIntoACallerBufferFailsLeavesZerosAndCachesNothing(boolean direct)
      throws IOException {
    MemoryDevice device = new MemoryDevice("m", 8 << 20);
    List<BlockPointer> blocks = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    Compression[] kinds = {Compression.OFF, Compression.LZ4, Compression.ZSTD};
    try (Pool pool = PoolCreator.named("tank").device(device).create()) {
      for (int i = 0; i < kinds.length; i++) {
        byte[] data = TestData.bytes(i, 16384, kinds[i] != Compression.OFF);
        contents.add(data);
        blocks.add(pool.blockStore().write(ByteBuffer.wrap(data), kinds[i], pool.openTxg()));
      }
      BlockPointer last = blocks.getLast();
      pool.setSyncHandler((txg, root) -> last);
    }
    for (BlockPointer bp : blocks) {
      device.flipBit(bp.offset() + bp.physicalSize() / 2, 3);
    }
    // Imported again: the cache is empty, so every read goes to the device.
    try (Pool pool = PoolImporter.on(List.of(device)).alertHook(alerts::add).importPool("tank")) {
      for (BlockPointer bp : blocks) {
        assertThat(bp.compression() == Compression.OFF.id())
            .isEqualTo(bp.physicalSize() == bp.logicalSize());
        ByteBuffer dst = direct ? ByteBuffer.allocateDirect(20000) : ByteBuffer.allocate(20000);
        for (int i = 0; i < dst.capacity(); i++) {
          dst.put(i, (byte) 0x77);
        }
        dst.position(100);
        for (int attempt = 0; attempt < 2; attempt++) {
          assertThatThrownBy(() -> pool.blockStore().readInto(bp, dst))
              .isInstanceOf(ChecksumMismatchException.class);
          assertThat(dst.position()).isEqualTo(100);
          for (int i = 0; i < dst.capacity(); i++) {
            boolean target = i >= 100 && i < 100 + bp.logicalSize();
            assertThat(dst.get(i)).as("byte %d", i).isEqualTo(target ? (byte) 0 : (byte) 0x77);
          }
        }
        assertThatThrownBy(() -> pool.blockStore().read(bp))
            .isInstanceOf(ChecksumMismatchException.class);
      }
      assertThat(pool.errorCounts().getFirst().checksumErrors()).isEqualTo(3L * 3);
      assertThat(pool.cacheStats().entries()).isZero();
    }
  }

  @ParameterizedTest(name = "direct={0}")
  @ValueSource(booleans = {false, true})
  void aWholeBlockReadIntoACallerBufferIsVerifiedAndNotCached(boolean direct) throws IOException {
    MemoryDevice device = new MemoryDevice("m", 8 << 20);
    List<BlockPointer> blocks = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    Compression[] kinds = {Compression.OFF, Compression.LZ4, Compression.ZSTD};
    try (Pool pool = PoolCreator.named("tank").device(device).create()) {
      for (int i = 0; i < kinds.length; i++) {
        byte[] data = TestData.bytes(i, 16384, kinds[i] != Compression.OFF);
        contents.add(data);
        blocks.add(pool.blockStore().write(ByteBuffer.wrap(data), kinds[i], pool.openTxg()));
      }
      BlockPointer last = blocks.getLast();
      pool.setSyncHandler((txg, root) -> last);
    }
    try (Pool pool = PoolImporter.on(List.of(device)).importPool("tank")) {
      for (int i = 0; i < blocks.size(); i++) {
        ByteBuffer dst = direct ? ByteBuffer.allocateDirect(16384 + 8) : ByteBuffer.allocate(16392);
        dst.position(8);
        pool.blockStore().readInto(blocks.get(i), dst);
        assertThat(dst.position()).isEqualTo(16392);
        byte[] out = new byte[16384];
        dst.get(8, out);
        assertThat(out).isEqualTo(contents.get(i));
      }
      assertThat(pool.cacheStats().entries()).isZero();
      // A read through the cache then serves readInto from it.
      pool.blockStore().read(blocks.get(1));
      ByteBuffer dst = ByteBuffer.allocate(16384);
      pool.blockStore().readInto(blocks.get(1), dst);
      assertThat(dst.array()).isEqualTo(contents.get(1));
      assertThat(pool.cacheStats().hits()).isEqualTo(1);
    }
  }

  @Test
  void adjacentBlocksReadTogetherAreEachVerified() throws IOException {
    MemoryDevice device = new MemoryDevice("m", 8 << 20);
    List<BlockPointer> blocks = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    try (Pool pool = PoolCreator.named("tank").device(device).create()) {
      for (int i = 0; i < 6; i++) {
        byte[] data = TestData.bytes(i, 65536, i % 2 == 0);
        contents.add(data);
        blocks.add(
            pool.blockStore()
                .write(
                    ByteBuffer.wrap(data),
                    i % 2 == 0 ? Compression.LZ4 : Compression.OFF,
                    pool.openTxg()));
      }
      BlockPointer last = blocks.getLast();
      pool.setSyncHandler((txg, root) -> last);
    }
    for (int i = 1; i < blocks.size(); i++) {
      // Written in one txg, in order: back to back on the device, so read as runs.
      assertThat(blocks.get(i).offset()).isGreaterThan(blocks.get(i - 1).offset());
      assertThat(blocks.get(i).offset() - blocks.get(i - 1).offset()).isLessThanOrEqualTo(65536);
    }
    BlockPointer damaged = blocks.get(3);
    device.flipBit(damaged.offset() + 999, 2);
    try (Pool pool = PoolImporter.on(List.of(device)).alertHook(alerts::add).importPool("tank")) {
      List<ByteBuffer> targets = new ArrayList<>();
      for (int i = 0; i < blocks.size(); i++) {
        ByteBuffer t = ByteBuffer.allocateDirect(65536);
        for (int k = 0; k < t.capacity(); k++) {
          t.put(k, (byte) 0x77);
        }
        targets.add(t);
      }
      assertThatThrownBy(() -> pool.blockStore().readAllInto(blocks, targets))
          .isInstanceOf(ChecksumMismatchException.class)
          .satisfies(e -> assertThat(((ChecksumMismatchException) e).pointer()).isEqualTo(damaged));
      for (int i = 0; i < blocks.size(); i++) {
        ByteBuffer t = targets.get(i);
        byte[] out = new byte[65536];
        t.get(0, out);
        if (i < 3) {
          assertThat(t.position()).isEqualTo(65536);
          assertThat(out).isEqualTo(contents.get(i));
        } else {
          assertThat(t.position()).isZero();
          assertThat(out).containsOnly(i == 3 ? (byte) 0 : (byte) 0x77);
        }
      }
      assertThat(alerts).filteredOn(a -> a instanceof PoolAlert.ChecksumError).hasSize(1);

      List<BlockPointer> intact = new ArrayList<>(blocks);
      intact.remove(3);
      List<ByteBuffer> fresh = new ArrayList<>();
      for (int i = 0; i < intact.size(); i++) {
        fresh.add(ByteBuffer.allocate(65536));
      }
      pool.blockStore().readAllInto(intact, fresh);
      for (int i = 0; i < intact.size(); i++) {
        assertThat(fresh.get(i).array()).isEqualTo(contents.get(i < 3 ? i : i + 1));
      }
      assertThat(pool.cacheStats().entries()).isZero();
    }
  }

  /** A memory device that takes read-ahead hints (records them) and records every read. */
  private static final class HintedDevice extends ForwardingDevice {
    final List<long[]> hints = new CopyOnWriteArrayList<>();
    final List<long[]> reads = new CopyOnWriteArrayList<>();

    HintedDevice(MemoryDevice inner) {
      super(inner);
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
      reads.add(new long[] {offset, dst.remaining()});
      super.read(offset, dst);
    }

    @Override
    public boolean prefetch(long offset, long length) {
      hints.add(new long[] {offset, length});
      return true;
    }

    @Override
    public void close() {}
  }

  @Test
  void aHintedRunOfStoredBlocksIsReadBlockByBlockAndEachVerified() throws IOException {
    MemoryDevice memory = new MemoryDevice("m", 16 << 20);
    List<BlockPointer> blocks = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    try (Pool pool = PoolCreator.named("tank").device(memory).create()) {
      for (int i = 0; i < 8; i++) {
        byte[] data = TestData.bytes(i, 65536, false);
        contents.add(data);
        blocks.add(pool.blockStore().write(ByteBuffer.wrap(data), Compression.OFF, pool.openTxg()));
      }
      BlockPointer last = blocks.getLast();
      pool.setSyncHandler((txg, root) -> last);
    }
    for (int i = 1; i < blocks.size(); i++) {
      assertThat(blocks.get(i).offset()).isEqualTo(blocks.get(i - 1).offset() + 65536);
    }
    long start = blocks.getFirst().offset();
    long end = blocks.getLast().offset() + 65536;
    BlockPointer damaged = blocks.get(5);
    memory.flipBit(damaged.offset() + 4321, 6);
    HintedDevice device = new HintedDevice(memory);
    try (Pool pool = PoolImporter.on(List.of(device)).alertHook(alerts::add).importPool("tank")) {
      device.reads.clear();
      List<ByteBuffer> targets = new ArrayList<>();
      for (int i = 0; i < blocks.size(); i++) {
        ByteBuffer t = ByteBuffer.allocate(65536);
        java.util.Arrays.fill(t.array(), (byte) 0x77);
        targets.add(t);
      }
      assertThatThrownBy(() -> pool.blockStore().readAllInto(blocks, targets))
          .isInstanceOf(ChecksumMismatchException.class)
          .satisfies(e -> assertThat(((ChecksumMismatchException) e).pointer()).isEqualTo(damaged));
      // The run (512 KiB, a sequential scan) is hinted, and so is what follows it.
      assertThat(device.hints)
          .anySatisfy(h -> assertThat(h).containsExactly(start, end - start))
          .anySatisfy(h -> assertThat(h[0]).isEqualTo(end));
      // Each block was read on its own, straight into its target (none through a run buffer).
      assertThat(device.reads).hasSize(6).allSatisfy(r -> assertThat(r[1]).isEqualTo(65536));
      for (int i = 0; i < blocks.size(); i++) {
        ByteBuffer t = targets.get(i);
        if (i < 5) {
          assertThat(t.position()).isEqualTo(65536);
          assertThat(t.array()).isEqualTo(contents.get(i));
        } else {
          assertThat(t.position()).isZero();
          assertThat(t.array()).containsOnly(i == 5 ? (byte) 0 : (byte) 0x77);
        }
      }
      assertThat(alerts).filteredOn(a -> a instanceof PoolAlert.ChecksumError).hasSize(1);

      List<BlockPointer> intact = blocks.subList(0, 5);
      List<ByteBuffer> fresh = new ArrayList<>();
      for (int i = 0; i < intact.size(); i++) {
        fresh.add(ByteBuffer.allocateDirect(65536));
      }
      pool.blockStore().readAllInto(intact, fresh);
      for (int i = 0; i < intact.size(); i++) {
        byte[] out = new byte[65536];
        fresh.get(i).get(0, out);
        assertThat(out).isEqualTo(contents.get(i));
      }
    }
  }

  @Test
  void aSequentialScanHintsInLargeStepsNotOncePerRun() throws IOException {
    MemoryDevice memory = new MemoryDevice("m", 64 << 20);
    List<BlockPointer> blocks = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    try (Pool pool = PoolCreator.named("tank").device(memory).create()) {
      for (int i = 0; i < 100; i++) {
        byte[] data = TestData.bytes(100 + i, 65536, false);
        contents.add(data);
        blocks.add(pool.blockStore().write(ByteBuffer.wrap(data), Compression.OFF, pool.openTxg()));
      }
      BlockPointer last = blocks.getLast();
      pool.setSyncHandler((txg, root) -> last);
    }
    // 48 blocks written in order and back to back on the device (the allocator may wrap once).
    int first = 0;
    for (int i = 1; i < blocks.size() && i - first < 48; i++) {
      if (blocks.get(i).offset() != blocks.get(i - 1).offset() + 65536) {
        first = i;
      }
    }
    assertThat(blocks.size() - first).isGreaterThanOrEqualTo(48);
    blocks = new ArrayList<>(blocks.subList(first, first + 48));
    contents = new ArrayList<>(contents.subList(first, first + 48));
    for (int i = 1; i < blocks.size(); i++) {
      assertThat(blocks.get(i).offset()).isEqualTo(blocks.get(i - 1).offset() + 65536);
    }
    HintedDevice device = new HintedDevice(memory);
    try (Pool pool = PoolImporter.on(List.of(device)).importPool("tank")) {
      device.hints.clear();
      device.reads.clear();
      // Twelve sequential reads of four blocks (256 KiB runs), as a client's scan makes them.
      for (int from = 0; from < blocks.size(); from += 4) {
        List<ByteBuffer> targets = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
          targets.add(ByteBuffer.allocate(65536));
        }
        pool.blockStore().readAllInto(blocks.subList(from, from + 4), targets);
        for (int k = 0; k < 4; k++) {
          assertThat(targets.get(k).array()).isEqualTo(contents.get(from + k));
        }
      }
      long start = blocks.getFirst().offset();
      long firstEnd = start + 4 * 65536;
      long lastEnd = blocks.getLast().offset() + 65536;
      // The first run is hinted, with up to 8 MiB after it; the other eleven lie inside that
      // window. (Metadata read on the first access may have hints of its own, elsewhere.)
      assertThat(device.hints)
          .filteredOn(h -> h[0] >= start && h[0] < lastEnd)
          .hasSize(2)
          .anySatisfy(h -> assertThat(h).containsExactly(start, 4L * 65536))
          .anySatisfy(h -> assertThat(h[0]).isEqualTo(firstEnd));
      assertThat(device.reads).hasSize(48).allSatisfy(r -> assertThat(r[1]).isEqualTo(65536));
    }
  }

  @Test
  void aBitFlippedAfterCachingIsStillCaughtByScrub() throws IOException {
    MemoryDevice device = new MemoryDevice("m", 8 << 20);
    try (Pool pool = PoolCreator.named("tank").device(device).alertHook(alerts::add).create()) {
      BlockPointer bp =
          pool.blockStore()
              .write(
                  ByteBuffer.wrap(TestData.bytes(5, 3000, false)), Compression.OFF, pool.openTxg());
      pool.blockStore().read(bp);
      device.flipBit(bp.offset() + 100, 1);
      // The cache holds verified bytes; the scrub bypasses it and finds the damage.
      assertThat(TestData.array(pool.blockStore().read(bp)))
          .isEqualTo(TestData.bytes(5, 3000, false));
      assertThat(pool.scrub(List.of(bp)).errors())
          .extracting(ScrubError::pointer)
          .containsExactly(bp);
      assertThat(alerts).hasSize(1);
    }
  }

  @ParameterizedTest(name = "file={0}")
  @ValueSource(booleans = {false, true})
  void aDamagedNewestUberblockFallsBackToThePreviousOne(boolean file) throws IOException {
    StorageDevice device = device(file);
    BlockPointer[] roots = new BlockPointer[2];
    long newest;
    try (Pool pool = PoolCreator.named("tank").device(device).ashift(9).create()) {
      for (int i = 0; i < 2; i++) {
        roots[i] =
            pool.blockStore()
                .write(
                    ByteBuffer.wrap(TestData.bytes(i, 2000, true)),
                    Compression.LZ4,
                    pool.openTxg());
        BlockPointer root = roots[i];
        pool.setSyncHandler(null);
        pool.setSyncHandler((txg, current) -> root);
        pool.sync();
      }
      newest = pool.lastSyncedTxg();
      pool.setSyncHandler(null);
      // close() syncs once more, with an unchanged root; damage that one and the one before.
    }
    StorageDevice reopened = reopen(device, file);
    long closeTxg = newest + 1;
    DeviceGeometry g = DeviceGeometry.forDeviceSize(reopened.size());
    int slots = DeviceGeometry.uberblockSlotCount(9);
    for (long txg : new long[] {closeTxg, newest}) {
      for (int label = 0; label < 4; label++) {
        long slot = g.labelOffset(label) + DeviceGeometry.RING_OFFSET + (txg % slots) * 1024;
        flipBit(reopened, slot + 30 + label, label);
      }
    }
    try (Pool pool = PoolImporter.on(List.of(reopened)).alertHook(alerts::add).importPool("tank")) {
      assertThat(pool.lastSyncedTxg()).isEqualTo(newest - 1);
      assertThat(pool.metaRoot()).contains(roots[0]);
      assertThat(TestData.array(pool.blockStore().read(roots[0])))
          .isEqualTo(TestData.bytes(0, 2000, true));
      assertThat(pool.openTxg()).isEqualTo(newest);
    }
  }

  @Test
  void damagedLabelsAreSurvivedAndReportedByScrub() throws IOException {
    MemoryDevice device = new MemoryDevice("m", 8 << 20);
    PoolCreator.named("tank").device(device).create().close();
    DeviceGeometry g = DeviceGeometry.forDeviceSize(device.size());
    device.flipBit(g.labelOffset(0) + 40, 3);
    device.flipBit(g.labelOffset(1) + 20, 3);
    device.flipBit(g.labelOffset(3) + 8, 0);
    try (Pool pool = PoolImporter.on(List.of(device)).alertHook(alerts::add).importPool("tank")) {
      ScrubReport report = pool.scrub(List.of());
      assertThat(report.errors())
          .extracting(ScrubError::message)
          .anySatisfy(m -> assertThat(m).startsWith("label 0"))
          .anySatisfy(m -> assertThat(m).startsWith("label 1"))
          .anySatisfy(m -> assertThat(m).startsWith("label 3"))
          .hasSize(3);
      assertThat(alerts).filteredOn(a -> a instanceof PoolAlert.LabelDamaged).hasSize(3);
    }
  }

  @Test
  void aDeviceWithAllLabelsDestroyedIsNotAPool() throws IOException {
    MemoryDevice device = new MemoryDevice("m", 8 << 20);
    PoolCreator.named("tank").device(device).create().close();
    DeviceGeometry g = DeviceGeometry.forDeviceSize(device.size());
    for (int label = 0; label < 4; label++) {
      device.flipBit(g.labelOffset(label) + 30, 1);
    }
    assertThat(PoolImporter.on(List.of(device)).scan()).isEmpty();
    assertThatThrownBy(() -> PoolImporter.on(List.of(device)).importPool("tank"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no pool named 'tank'");
  }

  @Test
  void corruptPointersAreRejectedBeforeAnyRead() throws IOException {
    try (Pool pool = PoolCreator.named("tank").device(new MemoryDevice("m", 4 << 20)).create()) {
      BlockPointer wild = new BlockPointer(3, 1 << 20, 10, 10, 1, (byte) 0, (byte) 1, 0);
      BlockPointer outside = new BlockPointer(0, 0, 10, 10, 1, (byte) 0, (byte) 1, 0);
      BlockPointer badCompression = new BlockPointer(0, 1 << 20, 10, 10, 1, (byte) 9, (byte) 1, 0);
      for (BlockPointer bp : List.of(wild, outside, badCompression)) {
        assertThatThrownBy(() -> pool.blockStore().read(bp)).isInstanceOf(IOException.class);
      }
    }
  }
}
