package dev.kiln.engine.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TreeKeyTest {

  @Test
  void ordersFieldsInTurnAsUnsignedNumbers() {
    assertThat(TreeKey.of(1, 0, 0)).isLessThan(TreeKey.of(2, 0, 0));
    assertThat(TreeKey.of(1, 9, 0)).isLessThan(TreeKey.of(2, 0, 0));
    assertThat(TreeKey.of(1, 1, Long.MAX_VALUE)).isLessThan(TreeKey.of(1, 2, 0));
    assertThat(TreeKey.of(1, 1, 5)).isLessThan(TreeKey.of(1, 1, -1L));
    assertThat(TreeKey.of(-1L, 0, 0)).isGreaterThan(TreeKey.of(Long.MAX_VALUE, 255, -1L));
    assertThat(TreeKey.of(1, 200, 0)).isGreaterThan(TreeKey.of(1, 100, 0));
    assertThat(TreeKey.MIN).isLessThan(TreeKey.of(0, 0, 1));
    assertThat(TreeKey.MAX).isGreaterThan(TreeKey.of(-1L, 255, -2L));
  }

  @Test
  void successorIsTheNextKeyWithCarries() {
    assertThat(TreeKey.of(1, 2, 3).successor()).isEqualTo(TreeKey.of(1, 2, 4));
    assertThat(TreeKey.of(1, 2, -1L).successor()).isEqualTo(TreeKey.of(1, 3, 0));
    assertThat(TreeKey.of(1, 255, -1L).successor()).isEqualTo(TreeKey.of(2, 0, 0));
    assertThatThrownBy(TreeKey.MAX::successor).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void serializesBigEndianAndBack() {
    TreeKey k = TreeKey.of(0x0102030405060708L, 0xAB, -2L);
    ByteBuffer buf = ByteBuffer.allocate(TreeKey.BYTES);
    k.writeTo(buf);
    assertThat(buf.array()[0]).isEqualTo((byte) 1);
    assertThat(buf.array()[8]).isEqualTo((byte) 0xAB);
    assertThat(TreeKey.readFrom(buf.flip())).isEqualTo(k);
  }

  @Test
  void rejectsItemTypesOutsideAByte() {
    assertThatThrownBy(() -> TreeKey.of(1, 256, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TreeKey.of(1, -1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
