package dev.kiln.engine.zil;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.block.BlockPointer;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogBlockCodecTest {

  private static final BlockPointer NEXT =
      new BlockPointer(0, 8192, 4096, 4096, 3, (byte) 0, (byte) 1, 77);

  @Test
  void roundTripsAndRejectsDamage() {
    var block =
        new LogBlockCodec.LogBlock(
            11,
            22,
            3,
            NEXT,
            List.of(
                new LogBlockCodec.Fragment(5, 9, 3, 0, new byte[] {1, 2, 3}),
                new LogBlockCodec.Fragment(6, 9, 10, 4, new byte[2])));
    ByteBuffer enc = LogBlockCodec.encode(block);
    var dec = LogBlockCodec.decode(enc.duplicate());
    assertThat(dec).isNotNull();
    assertThat(dec.chainId()).isEqualTo(11);
    assertThat(dec.next()).isEqualTo(NEXT);
    assertThat(dec.fragments()).hasSize(2);
    assertThat(dec.fragments().getFirst().bytes()).containsExactly(1, 2, 3);
    assertThat(dec.fragments().getFirst().last()).isTrue();
    assertThat(dec.fragments().get(1).last()).isFalse();

    for (int i = 0; i < enc.limit(); i++) {
      ByteBuffer bad = ByteBuffer.allocate(enc.limit());
      bad.put(enc.duplicate()).flip();
      bad.put(i, (byte) (bad.get(i) ^ 0x10));
      assertThat(LogBlockCodec.decode(bad)).as("flip at byte " + i).isNull();
    }
    ByteBuffer truncated = enc.duplicate().limit(enc.limit() - 9);
    assertThat(LogBlockCodec.decode(truncated)).isNull();
    assertThat(LogBlockCodec.decode(ByteBuffer.allocate(4096))).isNull();
  }
}
