package dev.kiln.engine.block;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BlockChecksumTest {

  @Test
  void combinesCrc32cHighAndCrc32Low() {
    // Standard check values of "123456789": CRC-32C e3069283, CRC-32 cbf43926.
    byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertThat(BlockChecksum.of(data, 0, data.length)).isEqualTo(0xE3069283CBF43926L);
  }

  @Test
  void doesNotMoveTheBufferAndCoversOnlyTheRemainingBytes() {
    ByteBuffer buf = ByteBuffer.wrap("xx123456789".getBytes(StandardCharsets.US_ASCII));
    buf.position(2);
    assertThat(BlockChecksum.of(buf)).isEqualTo(0xE3069283CBF43926L);
    assertThat(buf.position()).isEqualTo(2);
  }
}
