package dev.kiln.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.CorruptMetadataException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabelCodecTest {

  static final Label LABEL =
      new Label(
          1,
          "tank",
          0x1234L,
          0x55L,
          1,
          12,
          1,
          List.of(new VdevConfig(0x44L, 8L << 20), new VdevConfig(0x55L, 16L << 20)),
          Set.of("dev.kiln:lz4_compress", "dev.kiln:space_map_log"),
          Set.of("vendor:thing"));

  @Test
  void labelRoundTrips() throws Exception {
    assertThat(LabelCodec.decode(LabelCodec.encode(LABEL))).isEqualTo(LABEL);
  }

  @Test
  void everySingleBitFlipInTheUsedBytesIsDetected() {
    ByteBuffer encoded = LabelCodec.encode(LABEL);
    int used = 16 + encoded.getInt(12) + 8;
    for (int bit = 0; bit < used * 8; bit += 3) {
      ByteBuffer copy = ByteBuffer.wrap(encoded.array().clone());
      copy.put(bit / 8, (byte) (copy.get(bit / 8) ^ (1 << (bit % 8))));
      assertThatThrownBy(() -> LabelCodec.decode(copy))
          .as("bit %d", bit)
          .isInstanceOf(CorruptMetadataException.class);
    }
  }

  @Test
  void truncatedAndRandomLabelsAreCorruption() {
    ByteBuffer encoded = LabelCodec.encode(LABEL);
    int used = 16 + encoded.getInt(12) + 8;
    for (int cut = 0; cut < used; cut++) {
      ByteBuffer truncated = ByteBuffer.wrap(encoded.array(), 0, cut);
      assertThatThrownBy(() -> LabelCodec.decode(truncated))
          .isInstanceOf(CorruptMetadataException.class);
    }
    Random random = new Random(3);
    for (int i = 0; i < 2000; i++) {
      byte[] junk = new byte[random.nextInt(600)];
      random.nextBytes(junk);
      if (junk.length >= 16 && random.nextBoolean()) {
        ByteBuffer.wrap(junk)
            .putLong(LabelCodec.MAGIC)
            .putInt(1)
            .putInt(random.nextInt(junk.length));
      }
      assertThatThrownBy(() -> LabelCodec.decode(ByteBuffer.wrap(junk)))
          .isInstanceOf(CorruptMetadataException.class);
    }
  }

  @Test
  void uberblockRoundTripsWithAndWithoutPointers() throws Exception {
    BlockPointer bp = new BlockPointer(1, 1 << 20, 100, 300, 7, (byte) 1, (byte) 1, 99);
    Uberblock full = new Uberblock(1, 5, 7, 1234, 9, bp, bp);
    Uberblock empty = new Uberblock(1, 5, 1, 1234, 9, null, null);
    for (Uberblock ub : List.of(full, empty)) {
      assertThat(UberblockCodec.decode(UberblockCodec.encode(ub, 1024))).isEqualTo(ub);
      assertThat(UberblockCodec.decode(UberblockCodec.encode(ub, 4096))).isEqualTo(ub);
    }
  }

  @Test
  void damagedTruncatedOrRandomUberblocksAreCorruption() {
    BlockPointer bp = new BlockPointer(1, 1 << 20, 100, 300, 7, (byte) 1, (byte) 1, 99);
    ByteBuffer encoded = UberblockCodec.encode(new Uberblock(1, 5, 7, 1234, 9, bp, null), 1024);
    for (int bit = 0; bit < UberblockCodec.PAYLOAD * 8; bit++) {
      ByteBuffer copy = ByteBuffer.wrap(encoded.array().clone());
      copy.put(bit / 8, (byte) (copy.get(bit / 8) ^ (1 << (bit % 8))));
      assertThatThrownBy(() -> UberblockCodec.decode(copy))
          .as("bit %d", bit)
          .isInstanceOf(CorruptMetadataException.class);
    }
    for (int cut = 0; cut < UberblockCodec.PAYLOAD; cut++) {
      ByteBuffer truncated = ByteBuffer.wrap(encoded.array(), 0, cut);
      assertThatThrownBy(() -> UberblockCodec.decode(truncated))
          .isInstanceOf(CorruptMetadataException.class);
    }
    Random random = new Random(4);
    for (int i = 0; i < 2000; i++) {
      byte[] junk = new byte[random.nextInt(1100)];
      random.nextBytes(junk);
      if (junk.length >= 8 && random.nextBoolean()) {
        ByteBuffer.wrap(junk).putLong(UberblockCodec.MAGIC);
      }
      assertThatThrownBy(() -> UberblockCodec.decode(ByteBuffer.wrap(junk)))
          .isInstanceOf(CorruptMetadataException.class);
    }
  }
}
