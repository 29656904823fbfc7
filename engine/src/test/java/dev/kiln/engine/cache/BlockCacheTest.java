package dev.kiln.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.block.BlockPointer;
import org.junit.jupiter.api.Test;

class BlockCacheTest {

  private static BlockPointer bp(long offset) {
    return new BlockPointer(0, offset, 1000, 1000, 1, (byte) 0, (byte) 1, offset * 31);
  }

  @Test
  void staysWithinItsByteBudget() {
    BlockCache cache = new BlockCache(10_000);
    for (int i = 0; i < 1000; i++) {
      cache.put(bp(i * 4096L), new byte[1000]);
      assertThat(cache.stats().usedBytes()).isLessThanOrEqualTo(10_000);
    }
    assertThat(cache.stats().entries()).isEqualTo(10);
    assertThat(cache.stats().evictions()).isEqualTo(990);
  }

  @Test
  void aScanDoesNotEvictTheHotSet() {
    BlockCache cache = new BlockCache(10_000);
    for (int i = 0; i < 5; i++) {
      cache.put(bp(i), new byte[1000]);
      assertThat(cache.get(bp(i))).isNotNull(); // second touch: protected
    }
    for (int i = 100; i < 200; i++) {
      cache.put(bp(i), new byte[1000]);
    }
    for (int i = 0; i < 5; i++) {
      assertThat(cache.get(bp(i))).as("hot block %d", i).isNotNull();
    }
    assertThat(cache.get(bp(100))).isNull();
  }

  @Test
  void keysIncludeBirthAndChecksumAndInvalidateDrops() {
    BlockCache cache = new BlockCache(10_000);
    BlockPointer a = bp(4096);
    cache.put(a, new byte[] {1});
    BlockPointer rewritten = new BlockPointer(0, 4096, 1000, 1000, 2, (byte) 0, (byte) 1, 5);
    assertThat(cache.get(rewritten)).isNull();
    assertThat(cache.get(a)).containsExactly(1);
    cache.invalidate(a);
    assertThat(cache.get(a)).isNull();
    assertThat(cache.stats().usedBytes()).isZero();
  }

  @Test
  void zeroBudgetCachesNothing() {
    BlockCache cache = new BlockCache(0);
    cache.put(bp(1), new byte[10]);
    assertThat(cache.get(bp(1))).isNull();
    assertThat(cache.stats().misses()).isEqualTo(1);
  }
}
