package dev.kiln.engine.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.CorruptMetadataException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpaceMapLogTest {

  @Test
  void logRoundTripsAndSplitsIntoBlocks() throws Exception {
    List<SpaceMapRecord> records = new ArrayList<>();
    for (int i = 0; i < SpaceMapLog.RECORDS_PER_BLOCK + 10; i++) {
      Extent e = new Extent(i % 3, 4096L * i, 4096);
      records.add(i % 2 == 0 ? SpaceMapRecord.alloc(e) : SpaceMapRecord.free(e));
    }
    List<ByteBuffer> blocks = SpaceMapLog.encodeLog(9, records);
    assertThat(blocks).hasSize(2);
    List<SpaceMapRecord> decoded = new ArrayList<>();
    for (ByteBuffer b : blocks) {
      SpaceMapLog.LogBlock block = SpaceMapLog.decodeLog(b);
      assertThat(block.txg()).isEqualTo(9);
      decoded.addAll(block.records());
    }
    assertThat(decoded).isEqualTo(records);
  }

  @Test
  void headRoundTrips() throws Exception {
    List<BlockPointer> pointers =
        List.of(
            new BlockPointer(0, 524288, 100, 200, 3, (byte) 1, (byte) 1, 77),
            new BlockPointer(1, 528384, 4096, 4096, 4, (byte) 0, (byte) 1, -5));
    SpaceMapLog.Head head = SpaceMapLog.decodeHead(SpaceMapLog.encodeHead(12, pointers));
    assertThat(head.recordCount()).isEqualTo(12);
    assertThat(head.logBlocks()).isEqualTo(pointers);
  }

  @Test
  void truncatedOrRandomBytesAreCorruptionNeverSomethingElse() {
    ByteBuffer log =
        SpaceMapLog.encodeLog(1, List.of(SpaceMapRecord.alloc(new Extent(0, 4096, 4096))))
            .getFirst();
    ByteBuffer head =
        SpaceMapLog.encodeHead(
            1, List.of(new BlockPointer(0, 524288, 100, 200, 3, (byte) 1, (byte) 1, 77)));
    for (int cut = 0; cut < log.remaining(); cut++) {
      ByteBuffer truncated = log.duplicate().limit(cut);
      assertThatThrownBy(() -> SpaceMapLog.decodeLog(truncated))
          .isInstanceOf(CorruptMetadataException.class);
    }
    for (int cut = 0; cut < head.remaining(); cut++) {
      ByteBuffer truncated = head.duplicate().limit(cut);
      assertThatThrownBy(() -> SpaceMapLog.decodeHead(truncated))
          .isInstanceOf(CorruptMetadataException.class);
    }
    Random random = new Random(7);
    for (int i = 0; i < 2000; i++) {
      byte[] junk = new byte[random.nextInt(200)];
      random.nextBytes(junk);
      if (random.nextBoolean() && junk.length >= 8) {
        ByteBuffer.wrap(junk)
            .putLong(random.nextBoolean() ? SpaceMapLog.LOG_MAGIC : SpaceMapLog.HEAD_MAGIC);
      }
      assertThatThrownBy(() -> SpaceMapLog.decodeLog(ByteBuffer.wrap(junk)))
          .isInstanceOf(CorruptMetadataException.class);
      assertThatThrownBy(() -> SpaceMapLog.decodeHead(ByteBuffer.wrap(junk)))
          .isInstanceOf(CorruptMetadataException.class);
    }
  }
}
