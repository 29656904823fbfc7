package dev.kiln.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.api.io.StorageDevice;
import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.Compression;
import dev.kiln.engine.vdev.DeviceGeometry;
import dev.kiln.engine.vdev.FileDevice;
import dev.kiln.testkit.crash.MemoryDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportImportTest {

  @TempDir Path dir;

  @Test
  void aPoolMovesToAnotherMachineThroughItsDeviceFilesAlone() throws IOException {
    List<BlockPointer> written = new ArrayList<>();
    Path a = dir.resolve("a.img");
    Path b = dir.resolve("b.img");
    try (Pool pool =
        PoolCreator.named("tank")
            .devices(List.of(FileDevice.create(a, 12L << 20), FileDevice.create(b, 20L << 20)))
            .create()) {
      for (int txg = 0; txg < 5; txg++) {
        for (int i = 0; i < 10; i++) {
          int seed = txg * 10 + i;
          written.add(
              pool.blockStore()
                  .write(
                      ByteBuffer.wrap(TestData.bytes(seed, 1000 + seed * 97, seed % 3 == 0)),
                      Compression.values()[seed % 3],
                      pool.openTxg()));
        }
        pool.sync();
      }
      BlockPointer root = written.getFirst();
      pool.setSyncHandler((txg, current) -> root);
    } // export

    // "Another machine": fresh handles, devices given in a different order, plus a stranger.
    MemoryDevice stranger = new MemoryDevice("other", 4 << 20);
    PoolCreator.named("other").device(stranger).create().close();
    List<StorageDevice> seen = List.of(FileDevice.open(b), stranger, FileDevice.open(a));
    List<ImportablePool> found = PoolImporter.on(seen).scan();
    assertThat(found).extracting(ImportablePool::name).containsExactlyInAnyOrder("tank", "other");
    ImportablePool tank =
        found.stream().filter(p -> p.name().equals("tank")).findFirst().orElseThrow();
    assertThat(tank.complete()).isTrue();
    assertThat(tank.foundDevices()).containsExactly(a.toString(), b.toString());

    try (Pool pool = PoolImporter.on(seen).clock(TestData.CLOCK).importPool("tank")) {
      assertThat(pool.metaRoot()).contains(written.getFirst());
      for (int seed = 0; seed < written.size(); seed++) {
        assertThat(TestData.array(pool.blockStore().read(written.get(seed))))
            .isEqualTo(TestData.bytes(seed, 1000 + seed * 97, seed % 3 == 0));
      }
      // The allocator came back from the space maps: new blocks avoid every old one.
      Set<Long> used = new HashSet<>();
      for (BlockPointer bp : written) {
        used.add(bp.vdev() * (1L << 40) + bp.offset());
      }
      for (int i = 0; i < 200; i++) {
        BlockPointer fresh =
            pool.blockStore()
                .write(
                    ByteBuffer.wrap(TestData.bytes(1000 + i, 8192, false)),
                    Compression.OFF,
                    pool.openTxg());
        for (BlockPointer old : written) {
          boolean overlap =
              old.vdev() == fresh.vdev()
                  && old.offset() < fresh.offset() + 8192
                  && fresh.offset() < old.offset() + Math.max(4096, old.physicalSize());
          assertThat(overlap).as("%s overlaps %s", fresh, old).isFalse();
        }
      }
    }
  }

  @Test
  void aMissingDeviceIsNamed() throws IOException {
    MemoryDevice a = new MemoryDevice("a", 4 << 20);
    MemoryDevice b = new MemoryDevice("b", 4 << 20);
    PoolCreator.named("tank").devices(List.of(a, b)).create().close();
    assertThat(PoolImporter.on(List.of(b)).scan().getFirst().complete()).isFalse();
    assertThatThrownBy(() -> PoolImporter.on(List.of(b)).importPool("tank"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("missing devices")
        .hasMessageContaining("vdev 0");
  }

  private static void rewriteLabels(MemoryDevice device, Set<String> required, Set<String> write)
      throws IOException {
    DeviceGeometry g = DeviceGeometry.forDeviceSize(device.size());
    ByteBuffer area = ByteBuffer.allocate(DeviceGeometry.CONFIG_SIZE);
    device.read(0, area);
    Label label = LabelCodec.decode(area.flip());
    ByteBuffer updated = LabelCodec.encode(label.withFeatures(required, write));
    for (int i = 0; i < DeviceGeometry.LABEL_COUNT; i++) {
      device.write(g.labelOffset(i), updated.duplicate());
    }
  }

  @Test
  void anUnknownRequiredFeatureIsRefusedWithAClearError() throws IOException {
    MemoryDevice device = new MemoryDevice("m", 4 << 20);
    PoolCreator.named("tank").device(device).create().close();
    Set<String> required = new HashSet<>(FeatureFlags.DEFAULT_REQUIRED);
    required.add("org.example:encrypted_blocks");
    rewriteLabels(device, required, Set.of());
    for (boolean readOnly : new boolean[] {false, true}) {
      assertThatThrownBy(
              () -> PoolImporter.on(List.of(device)).readOnly(readOnly).importPool("tank"))
          .isInstanceOf(UnsupportedFeatureException.class)
          .hasMessageContaining("org.example:encrypted_blocks")
          .hasMessageContaining("does not support");
    }
  }

  @Test
  void anUnknownWriteFeatureAllowsOnlyAReadOnlyImport() throws IOException {
    MemoryDevice device = new MemoryDevice("m", 4 << 20);
    BlockPointer bp;
    try (Pool pool = PoolCreator.named("tank").device(device).create()) {
      bp =
          pool.blockStore()
              .write(
                  ByteBuffer.wrap(TestData.bytes(1, 700, true)), Compression.LZ4, pool.openTxg());
      pool.setSyncHandler((txg, root) -> bp);
    }
    rewriteLabels(device, FeatureFlags.DEFAULT_REQUIRED, Set.of("org.example:fast_dedup"));
    assertThatThrownBy(() -> PoolImporter.on(List.of(device)).importPool("tank"))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("read-only");
    byte[] before = device.copyOfImage();
    try (Pool pool = PoolImporter.on(List.of(device)).readOnly(true).importPool("tank")) {
      assertThat(TestData.array(pool.blockStore().read(pool.metaRoot().orElseThrow())))
          .isEqualTo(TestData.bytes(1, 700, true));
      assertThatThrownBy(() -> pool.sync()).hasMessageContaining("read-only");
      assertThatThrownBy(
              () ->
                  pool.blockStore().write(ByteBuffer.allocate(1), Compression.OFF, pool.openTxg()))
          .hasMessageContaining("read-only");
    }
    assertThat(device.copyOfImage()).as("a read-only import never writes").isEqualTo(before);
  }

  @Test
  void aNewerFormatVersionIsRefused() throws IOException {
    MemoryDevice device = new MemoryDevice("m", 4 << 20);
    PoolCreator.named("tank").device(device).create().close();
    DeviceGeometry g = DeviceGeometry.forDeviceSize(device.size());
    ByteBuffer area = ByteBuffer.allocate(DeviceGeometry.CONFIG_SIZE);
    device.read(0, area);
    Label l = LabelCodec.decode(area.flip());
    Label future =
        new Label(
            FeatureFlags.FORMAT_VERSION + 1,
            l.poolName(),
            l.poolGuid(),
            l.deviceGuid(),
            l.vdevIndex(),
            l.ashift(),
            l.createTxg(),
            l.vdevs(),
            l.requiredFeatures(),
            l.writeFeatures());
    for (int i = 0; i < 4; i++) {
      device.write(g.labelOffset(i), LabelCodec.encode(future));
    }
    assertThatThrownBy(() -> PoolImporter.on(List.of(device)).importPool("tank"))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("format version 2");
  }
}
