package dev.kiln.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.api.io.StorageDevice;
import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.BlockStore;
import dev.kiln.engine.block.Compression;
import dev.kiln.engine.block.EncodedBlock;
import dev.kiln.engine.vdev.FileDevice;
import dev.kiln.testkit.crash.MemoryDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PoolRoundTripTest {

  @TempDir Path dir;

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Compression c : Compression.values()) {
      for (int ashift : new int[] {9, 12}) {
        out.add(Arguments.of(c, ashift, false));
        out.add(Arguments.of(c, ashift, true));
      }
    }
    return out.stream();
  }

  private List<StorageDevice> devices(boolean files, int count) throws IOException {
    List<StorageDevice> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(
          files
              ? FileDevice.create(dir.resolve("disk" + i), 16L << 20)
              : new MemoryDevice("mem" + i, 16 << 20));
    }
    return out;
  }

  private List<StorageDevice> reopen(List<StorageDevice> devices, boolean files)
      throws IOException {
    if (!files) {
      return devices;
    }
    List<StorageDevice> out = new ArrayList<>();
    for (int i = 0; i < devices.size(); i++) {
      out.add(FileDevice.open(dir.resolve("disk" + i)));
    }
    return out;
  }

  @ParameterizedTest(name = "{0} ashift={1} files={2}")
  @MethodSource("cases")
  void blocksRoundTripBeforeAndAfterSyncAndReimport(Compression c, int ashift, boolean files)
      throws IOException {
    List<StorageDevice> devices = devices(files, 2);
    Pool pool =
        PoolCreator.named("tank").devices(devices).ashift(ashift).clock(TestData.CLOCK).create();
    BlockStore store = pool.blockStore();
    long txg = pool.openTxg();
    List<BlockPointer> pointers = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      byte[] data = TestData.bytes(i, 1 + i * 1500, i % 2 == 0);
      BlockPointer bp = store.write(ByteBuffer.wrap(data), c, txg);
      assertThat(bp.birthTxg()).isEqualTo(txg);
      assertThat(bp.logicalSize()).isEqualTo(data.length);
      if (c != Compression.OFF && i % 2 == 0 && data.length > 4096) {
        assertThat(bp.compression()).isEqualTo(c.id());
        assertThat(bp.physicalSize()).isLessThan(data.length);
      }
      if (i % 2 == 1) {
        assertThat(bp.compression()).as("random data stays uncompressed").isZero();
      }
      assertThat(bp.offset() % (1 << ashift)).isZero();
      pointers.add(bp);
      contents.add(data);
    }
    assertThat(pointers.stream().map(BlockPointer::vdev).distinct()).hasSize(2);
    for (int i = 0; i < pointers.size(); i++) {
      assertThat(TestData.array(store.read(pointers.get(i)))).isEqualTo(contents.get(i));
    }
    BlockPointer root = pointers.getLast();
    pool.setSyncHandler((t, current) -> root);
    long synced = pool.sync();
    assertThat(synced).isEqualTo(txg);
    assertThat(pool.metaRoot()).contains(root);
    assertThat(pool.committedUberblock().timestampMillis()).isEqualTo(TestData.CLOCK.millis());
    pool.close();

    try (Pool again =
        PoolImporter.on(reopen(devices, files)).clock(TestData.CLOCK).importPool("tank")) {
      assertThat(again.metaRoot()).contains(root);
      assertThat(again.lastSyncedTxg()).isGreaterThanOrEqualTo(txg);
      for (int i = 0; i < pointers.size(); i++) {
        assertThat(TestData.array(again.blockStore().read(pointers.get(i))))
            .isEqualTo(contents.get(i));
      }
      assertThat(again.scrub(pointers).clean()).isTrue();
    }
  }

  @Test
  void readsAreServedFromTheCacheAsReadOnlyViews() throws IOException {
    try (Pool pool = PoolCreator.named("tank").device(new MemoryDevice("m", 8 << 20)).create()) {
      BlockPointer bp =
          pool.blockStore()
              .write(
                  ByteBuffer.wrap(TestData.bytes(1, 5000, true)), Compression.LZ4, pool.openTxg());
      ByteBuffer first = pool.blockStore().read(bp);
      assertThatThrownBy(() -> first.put(0, (byte) 99))
          .isInstanceOf(java.nio.ReadOnlyBufferException.class);
      ByteBuffer second = pool.blockStore().read(bp);
      assertThat(TestData.array(second)).isEqualTo(TestData.bytes(1, 5000, true));
      assertThat(pool.cacheStats().hits()).isGreaterThanOrEqualTo(1);
      assertThat(pool.cacheStats().usedBytes()).isEqualTo(5000);
    }
  }

  @Test
  void writesToAClosedTxgAreRefused() throws IOException {
    try (Pool pool = PoolCreator.named("tank").device(new MemoryDevice("m", 8 << 20)).create()) {
      long old = pool.openTxg();
      pool.sync();
      assertThatThrownBy(
              () -> pool.blockStore().write(ByteBuffer.allocate(10), Compression.OFF, old))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not open");
      assertThat(pool.openTxg()).isEqualTo(old + 1);
    }
  }

  @Test
  void freedSpaceReturnsAfterTheNextSyncAndEmptyBlocksWork() throws IOException {
    try (Pool pool = PoolCreator.named("tank").device(new MemoryDevice("m", 8 << 20)).create()) {
      BlockStore store = pool.blockStore();
      BlockPointer empty = store.write(ByteBuffer.allocate(0), Compression.LZ4, pool.openTxg());
      assertThat(store.read(empty).remaining()).isZero();
      BlockPointer big =
          store.write(
              ByteBuffer.wrap(TestData.bytes(3, 100_000, false)), Compression.OFF, pool.openTxg());
      pool.sync();
      long allocated = pool.space().allocatedBytes();
      store.free(big, pool.openTxg());
      assertThat(pool.space().deferredBytes()).isGreaterThanOrEqualTo(100_000);
      pool.sync();
      assertThat(pool.space().deferredBytes()).isGreaterThanOrEqualTo(100_000);
      pool.sync();
      assertThat(pool.space().deferredBytes()).isLessThan(100_000);
      assertThat(pool.space().allocatedBytes()).isLessThan(allocated);
    }
  }

  @Test
  void creationIsValidated() {
    MemoryDevice small = new MemoryDevice("small", 1 << 20);
    MemoryDevice ok = new MemoryDevice("ok", 4 << 20);
    assertThatThrownBy(() -> PoolCreator.named("9bad").device(ok).create())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PoolCreator.named("tank").create())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one device");
    assertThatThrownBy(() -> PoolCreator.named("tank").device(small).create())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PoolCreator.named("tank").device(ok).ashift(10).create())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PoolCreator.named("tank").device(ok).device(ok).create())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void existingPoolsAreNotOverwrittenWithoutForce() throws IOException {
    MemoryDevice device = new MemoryDevice("m", 4 << 20);
    PoolCreator.named("first").device(device).create().close();
    assertThatThrownBy(() -> PoolCreator.named("second").device(device).create())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("belongs to pool 'first'");
    PoolCreator.named("second").device(device).force(true).create().close();
    assertThat(PoolImporter.on(List.of(device)).scan())
        .extracting(ImportablePool::name)
        .containsExactly("second");
  }

  @ParameterizedTest(name = "{0} ashift={1} files={2}")
  @MethodSource("cases")
  void aRunOfBlocksIsStoredBackToBackAndReadsBackVerified(Compression c, int ashift, boolean files)
      throws IOException {
    List<StorageDevice> devices = devices(files, 1);
    Pool pool =
        PoolCreator.named("tank").devices(devices).ashift(ashift).clock(TestData.CLOCK).create();
    long txg = pool.openTxg();
    List<EncodedBlock> blocks = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    // Compressible and random records of a record size and odd sizes: the padding of each to whole
    // sectors differs, and 40 of them span several gathered device writes.
    for (int i = 0; i < 40; i++) {
      byte[] data = TestData.bytes(i, i % 3 == 0 ? 16384 : 700 + i * 331, i % 2 == 0);
      blocks.add(EncodedBlock.encode(ByteBuffer.wrap(data), c));
      contents.add(data);
    }
    List<BlockPointer> pointers = pool.blockStore().writeAll(blocks, txg);
    assertThat(pointers).hasSize(40);
    for (int i = 1; i < pointers.size(); i++) {
      BlockPointer prev = pointers.get(i - 1);
      long padded = (prev.physicalSize() + (1L << ashift) - 1) >> ashift << ashift;
      assertThat(pointers.get(i).offset()).isEqualTo(prev.offset() + padded);
    }
    for (int i = 0; i < pointers.size(); i++) {
      assertThat(pointers.get(i).logicalSize()).isEqualTo(contents.get(i).length);
      assertThat(TestData.array(pool.blockStore().read(pointers.get(i))))
          .isEqualTo(contents.get(i));
    }
    BlockPointer root = pointers.getLast();
    pool.setSyncHandler((t, current) -> root);
    pool.sync();
    pool.close();
    try (Pool again =
        PoolImporter.on(reopen(devices, files)).clock(TestData.CLOCK).importPool("tank")) {
      for (int i = 0; i < pointers.size(); i++) {
        assertThat(TestData.array(again.blockStore().read(pointers.get(i))))
            .isEqualTo(contents.get(i));
      }
      assertThat(again.scrub(pointers).clean()).isTrue();
    }
  }

  @Test
  void aRunThatFailsToWriteLeavesNothingAllocated() throws IOException {
    MemoryDevice memory = new MemoryDevice("m", 8 << 20);
    boolean[] failing = {false};
    StorageDevice flaky =
        new StorageDevice() {
          @Override
          public String name() {
            return "flaky";
          }

          @Override
          public long size() {
            return memory.size();
          }

          @Override
          public void read(long offset, ByteBuffer dst) throws IOException {
            memory.read(offset, dst);
          }

          @Override
          public void write(long offset, ByteBuffer src) throws IOException {
            if (failing[0]) {
              throw new IOException("injected write error");
            }
            memory.write(offset, src);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    try (Pool pool = PoolCreator.named("tank").device(flaky).create()) {
      long txg = pool.openTxg();
      long free = pool.space().freeBytes();
      List<EncodedBlock> blocks = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        blocks.add(
            EncodedBlock.encode(ByteBuffer.wrap(TestData.bytes(i, 16384, false)), Compression.LZ4));
      }
      failing[0] = true;
      assertThatThrownBy(() -> pool.blockStore().writeAll(blocks, txg))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("injected");
      assertThat(pool.space().freeBytes()).isEqualTo(free);
      failing[0] = false;
      List<BlockPointer> written = pool.blockStore().writeAll(blocks, txg);
      assertThat(TestData.array(pool.blockStore().read(written.get(7))))
          .isEqualTo(TestData.bytes(7, 16384, false));
    }
  }
}
