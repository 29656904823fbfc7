package dev.kiln.iscsi.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteBuffersTest {

  @Test
  void largeWriteBuffersHaveTheExactCapacityAndAreReused() {
    WriteBuffers pool = new WriteBuffers();
    ByteBuffer first = pool.acquire(256 << 10);
    assertThat(first.capacity()).isEqualTo(256 << 10);
    assertThat(first.position()).isZero();
    assertThat(first.hasArray()).isTrue();
    assertThat(first.arrayOffset()).isZero();
    pool.release(first);
    ByteBuffer second = pool.acquire(1 << 20);
    assertThat(second.array()).isSameAs(first.array());
    assertThat(second.capacity()).isEqualTo(1 << 20);
  }

  @Test
  void smallAndOversizedTransfersGetBuffersOfTheirOwn() {
    WriteBuffers pool = new WriteBuffers();
    ByteBuffer small = pool.acquire(4096);
    ByteBuffer huge = pool.acquire((1 << 20) + 512);
    assertThat(small.array()).hasSize(4096);
    assertThat(huge.array()).hasSize((1 << 20) + 512);
    pool.release(small);
    pool.release(huge);
    ByteBuffer next = pool.acquire(128 << 10);
    assertThat(next.array()).isNotSameAs(small.array()).isNotSameAs(huge.array());
  }

  @Test
  void atMostEightArraysAreKept() {
    WriteBuffers pool = new WriteBuffers();
    List<ByteBuffer> taken = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      taken.add(pool.acquire(1 << 20));
    }
    taken.forEach(pool::release);
    List<byte[]> again = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      again.add(pool.acquire(1 << 20).array());
    }
    long reused = again.stream().filter(a -> taken.stream().anyMatch(t -> t.array() == a)).count();
    assertThat(reused).isEqualTo(8);
  }
}
