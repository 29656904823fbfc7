package dev.kiln.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.Compression;
import dev.kiln.testkit.crash.MemoryDevice;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScrubTraversalTest {

  /** A toy two-level structure: an indirect block is a count followed by pointers. */
  private static ByteBuffer indirect(List<BlockPointer> children) {
    ByteBuffer buf = ByteBuffer.allocate(4 + children.size() * BlockPointer.SIZE);
    buf.putInt(children.size());
    children.forEach(c -> c.writeTo(buf));
    return buf.flip();
  }

  private static final ScrubTraversal TOY =
      (bp, block) -> {
        if (bp.compression() != Compression.ZSTD.id()) {
          return List.of(); // leaves are written without zstd, indirect blocks with it
        }
        int n = block.getInt();
        List<BlockPointer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          out.add(BlockPointer.readFrom(block));
        }
        return out;
      };

  @Test
  void scrubWalksTheStructureAndReportsEachDamagedBlockOnce() throws Exception {
    MemoryDevice device = new MemoryDevice("m", 8 << 20);
    List<PoolAlert> alerts = new ArrayList<>();
    try (Pool pool = PoolCreator.named("tank").device(device).alertHook(alerts::add).create()) {
      long txg = pool.openTxg();
      List<BlockPointer> leaves = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        leaves.add(
            pool.blockStore()
                .write(ByteBuffer.wrap(TestData.bytes(i, 3000, i % 2 == 0)), Compression.LZ4, txg));
      }
      BlockPointer mid1 =
          pool.blockStore().write(indirect(leaves.subList(0, 15)), Compression.ZSTD, txg);
      BlockPointer mid2 =
          pool.blockStore().write(indirect(leaves.subList(15, 30)), Compression.ZSTD, txg);
      BlockPointer root =
          pool.blockStore().write(indirect(List.of(mid1, mid2)), Compression.ZSTD, txg);
      pool.setSyncHandler((t, current) -> root);
      pool.sync();

      ScrubReport clean = pool.scrub(root, TOY);
      assertThat(clean.clean()).isTrue();
      assertThat(clean.blocksVerified()).isGreaterThanOrEqualTo(33);

      device.flipBit(leaves.get(3).offset() + 5, 0);
      device.flipBit(mid2.offset() + 10, 7);
      ScrubReport damaged = pool.scrub(root, TOY);
      assertThat(damaged.errors())
          .extracting(ScrubError::pointer)
          .containsExactlyInAnyOrder(leaves.get(3), mid2);
      // mid2's children cannot be reached through damaged bytes: 3 + 15 - 1 blocks fewer.
      assertThat(damaged.blocksVerified()).isEqualTo(clean.blocksVerified() - 17);
      assertThat(alerts).hasSize(2);
      assertThat(pool.errorCounts().getFirst().checksumErrors()).isEqualTo(2);
    }
  }
}
