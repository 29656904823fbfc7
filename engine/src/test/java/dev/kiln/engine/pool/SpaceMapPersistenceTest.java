package dev.kiln.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.BlockStore;
import dev.kiln.engine.block.Compression;
import dev.kiln.engine.space.SpaceMapLog;
import dev.kiln.testkit.crash.MemoryDevice;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpaceMapPersistenceTest {

  @Test
  void theLogStaysBoundedAndReimportRestoresTheExactAllocatedState() throws Exception {
    MemoryDevice device = new MemoryDevice("m", 32 << 20);
    Random random = new Random(11);
    List<BlockPointer> live = new ArrayList<>();
    int maxLogBlocks = 0;
    Object condensedBefore;
    long allocatedBefore;
    try (Pool pool = PoolCreator.named("tank").device(device).ashift(9).create()) {
      BlockStore store = pool.blockStore();
      for (int txg = 0; txg < 300; txg++) {
        for (int i = 0; i < 10; i++) {
          if (!live.isEmpty() && random.nextInt(5) < 2) {
            store.free(live.remove(random.nextInt(live.size())), pool.openTxg());
          } else {
            byte[] data = TestData.bytes(random.nextLong(), 512 + random.nextInt(4000), false);
            live.add(store.write(ByteBuffer.wrap(data), Compression.OFF, pool.openTxg()));
          }
        }
        pool.sync();
        BlockPointer head = pool.committedUberblock().spaceMapHead();
        SpaceMapLog.Head decoded =
            SpaceMapLog.decodeHead(ByteBuffer.wrap(((PoolBlockStore) store).readUncached(head)));
        maxLogBlocks = Math.max(maxLogBlocks, decoded.logBlocks().size());
      }
      condensedBefore = pool.allocator().condensedRecords();
      pool.sync();
      pool.sync();
      allocatedBefore = pool.space().allocatedBytes();
    }
    // 300 txgs each appended a log block; condensing kept the log short.
    assertThat(maxLogBlocks).isLessThanOrEqualTo(TxgSync.CONDENSE_BLOCKS);
    try (Pool pool = PoolImporter.on(List.of(device)).importPool("tank")) {
      assertThat(pool.allocator().condensedRecords()).isEqualTo(condensedBefore);
      assertThat(pool.space().allocatedBytes()).isEqualTo(allocatedBefore);
      for (BlockPointer bp : live) {
        assertThat(
                pool.allocator()
                    .anyFree(new dev.kiln.engine.space.Extent(bp.vdev(), bp.offset(), 512)))
            .isFalse();
      }
      assertThat(pool.scrub(live).clean()).isTrue();
    }
  }
}
