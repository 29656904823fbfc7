package dev.kiln.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ScratchBuffersTest {

  @Test
  void leasesArePowerOfTwoDirectBuffersFrom4KiBTo1MiBAndHeapAbove() {
    ScratchBuffers.Lease small = ScratchBuffers.lease(1);
    ScratchBuffers.Lease odd = ScratchBuffers.lease(16385);
    ScratchBuffers.Lease max = ScratchBuffers.lease(1 << 20);
    ScratchBuffers.Lease huge = ScratchBuffers.lease((1 << 20) + 1);
    try {
      assertThat(small.buffer().capacity()).isEqualTo(4096);
      assertThat(odd.buffer().capacity()).isEqualTo(32768);
      assertThat(max.buffer().capacity()).isEqualTo(1 << 20);
      assertThat(small.buffer().isDirect()).isTrue();
      assertThat(max.buffer().isDirect()).isTrue();
      assertThat(huge.buffer().isDirect()).isFalse();
      assertThat(huge.buffer().capacity()).isEqualTo((1 << 20) + 1);
    } finally {
      small.release();
      odd.release();
      max.release();
      huge.release();
    }
  }

  @Test
  void aReleasedBufferIsReusedCleared() {
    ScratchBuffers.Lease first = ScratchBuffers.lease(65536);
    ByteBuffer b = first.buffer();
    b.position(100).limit(200);
    first.release();
    ScratchBuffers.Lease second = ScratchBuffers.lease(40000);
    try {
      // Same size class, handed back last: the same buffer comes out, cleared for its new user.
      assertThat(second.buffer()).isSameAs(b);
      assertThat(second.buffer().position()).isZero();
      assertThat(second.buffer().limit()).isEqualTo(65536);
    } finally {
      second.release();
    }
  }
}
