package dev.kiln.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.Compression;
import dev.kiln.engine.vdev.DeviceGeometry;
import dev.kiln.testkit.crash.MemoryDevice;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RewindTest {

  @Test
  void unreadableSpaceMapsOfTheNewestTxgRewindOneTxgAndEraseTheStaleUberblocks() throws Exception {
    MemoryDevice device = new MemoryDevice("m", 8 << 20);
    BlockPointer first;
    BlockPointer damagedHead;
    long goodTxg;
    try (Pool pool = PoolCreator.named("tank").device(device).create()) {
      first =
          pool.blockStore()
              .write(
                  ByteBuffer.wrap(TestData.bytes(1, 5000, true)), Compression.LZ4, pool.openTxg());
      BlockPointer root = first;
      pool.setSyncHandler((txg, current) -> root);
      goodTxg = pool.sync();
      pool.blockStore()
          .write(ByteBuffer.wrap(TestData.bytes(2, 5000, true)), Compression.LZ4, pool.openTxg());
      pool.sync();
      damagedHead = pool.committedUberblock().spaceMapHead();
    } // the closing sync keeps the same space map head
    device.flipBit(damagedHead.offset() + 3, 4);

    List<PoolAlert> alerts = new ArrayList<>();
    try (Pool pool = PoolImporter.on(List.of(device)).alertHook(alerts::add).importPool("tank")) {
      assertThat(pool.lastSyncedTxg()).isEqualTo(goodTxg);
      assertThat(pool.metaRoot()).contains(first);
      assertThat(alerts).hasAtLeastOneElementOfType(PoolAlert.ChecksumError.class);
      DeviceGeometry g = DeviceGeometry.forDeviceSize(device.size());
      for (int label = 0; label < DeviceGeometry.LABEL_COUNT; label++) {
        assertThat(LabelReader.readRing(device, g, label, pool.ashift()))
            .extracting(Uberblock::txg)
            .allSatisfy(txg -> assertThat(txg).isLessThanOrEqualTo(goodTxg));
      }
    }
  }
}
