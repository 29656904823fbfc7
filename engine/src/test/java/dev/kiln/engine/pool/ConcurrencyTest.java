package dev.kiln.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.Compression;
import dev.kiln.testkit.crash.MemoryDevice;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

  @Test
  void concurrentWritersReadersAndSyncsNeverShareSpaceOrLoseBlocks() throws Exception {
    MemoryDevice device = new MemoryDevice("m", 64 << 20);
    // The layer above keeps writers out of a txg once its sync handler has finished; a
    // read-write lock (writers shared, sync exclusive) is the simplest way to do that.
    ReentrantReadWriteLock txgLock = new ReentrantReadWriteLock();
    List<List<BlockPointer>> perThread = new ArrayList<>();
    try (Pool pool = PoolCreator.named("tank").device(device).cacheBytes(1 << 20).create();
        ExecutorService threads = Executors.newFixedThreadPool(4)) {
      List<Future<List<BlockPointer>>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int id = t;
        futures.add(
            threads.submit(
                () -> {
                  List<BlockPointer> mine = new ArrayList<>();
                  for (int i = 0; i < 150; i++) {
                    byte[] data = TestData.bytes(id * 1000L + i, 2000 + i, i % 3 == 0);
                    txgLock.readLock().lock();
                    try {
                      mine.add(
                          pool.blockStore()
                              .write(
                                  ByteBuffer.wrap(data),
                                  Compression.values()[i % 3],
                                  pool.openTxg()));
                      BlockPointer some = mine.get(i / 2);
                      assertThat(pool.blockStore().read(some).remaining())
                          .isEqualTo(some.logicalSize());
                    } finally {
                      txgLock.readLock().unlock();
                    }
                  }
                  return mine;
                }));
      }
      for (int s = 0; s < 20; s++) {
        txgLock.writeLock().lock();
        try {
          pool.sync();
        } finally {
          txgLock.writeLock().unlock();
        }
      }
      for (Future<List<BlockPointer>> f : futures) {
        perThread.add(f.get());
      }
    }
    List<BlockPointer> all = perThread.stream().flatMap(List::stream).toList();
    List<BlockPointer> sorted = new ArrayList<>(all);
    sorted.sort((a, b) -> Long.compare(a.offset(), b.offset()));
    for (int i = 1; i < sorted.size(); i++) {
      BlockPointer prev = sorted.get(i - 1);
      assertThat(prev.offset() + prev.physicalSize()).isLessThanOrEqualTo(sorted.get(i).offset());
    }
    try (Pool pool = PoolImporter.on(List.of(device)).importPool("tank")) {
      for (int t = 0; t < perThread.size(); t++) {
        List<BlockPointer> mine = perThread.get(t);
        for (int i = 0; i < mine.size(); i++) {
          assertThat(TestData.array(pool.blockStore().read(mine.get(i))))
              .isEqualTo(TestData.bytes(t * 1000L + i, 2000 + i, i % 3 == 0));
        }
      }
    }
  }
}
