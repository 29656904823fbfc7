package dev.kiln.nfs.nfs3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.api.fs.WriteResult;
import dev.kiln.engine.api.fs.WriteStability;
import dev.kiln.testkit.memory.MemoryFileSystem;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Gathered writes land exactly as the separate writes would, and each gets its own count. */
class WriteGatheringTest {

  @Test
  void concurrentAdjacentAndScatteredWritesAllLandWithTheirCounts() throws Exception {
    MemoryFileSystem fs = new MemoryFileSystem(Clock.systemUTC());
    long inode = fs.create(fs.rootInode(), "f", SetAttributes.none()).inode();
    WriteGathering gathering = new WriteGathering();
    int writers = 64;
    int chunk = 4096;
    byte[] expected = new byte[writers * chunk];
    new Random(1).nextBytes(expected);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger badCounts = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int slot = w;
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      start.await();
                      ByteBuffer data = ByteBuffer.wrap(expected, slot * chunk, chunk).slice();
                      WriteStability s =
                          slot % 7 == 0 ? WriteStability.FILE_SYNC : WriteStability.UNSTABLE;
                      WriteResult r = gathering.write(fs, inode, (long) slot * chunk, data, s);
                      if (r.count() != chunk || !r.committed().satisfies(s)) {
                        badCounts.incrementAndGet();
                      }
                    } catch (Exception e) {
                      badCounts.incrementAndGet();
                    }
                  }));
    }
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(badCounts).hasValue(0);
    ByteBuffer back = ByteBuffer.allocate(expected.length);
    assertThat(fs.read(inode, 0, back)).isEqualTo(expected.length);
    assertThat(back.array()).isEqualTo(expected);
  }

  @Test
  void aFailedWriteFailsItsRequestAndLeavesTheOthersAlone() throws Exception {
    MemoryFileSystem fs = new MemoryFileSystem(Clock.systemUTC());
    long inode = fs.create(fs.rootInode(), "f", SetAttributes.none()).inode();
    long dir = fs.mkdir(fs.rootInode(), "d", SetAttributes.none()).inode();
    WriteGathering gathering = new WriteGathering();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                gathering.write(
                    fs, dir, 0, ByteBuffer.wrap(new byte[] {1}), WriteStability.UNSTABLE))
        .isInstanceOf(dev.kiln.engine.api.error.IsDirectoryException.class);
    WriteResult ok =
        gathering.write(fs, inode, 0, ByteBuffer.wrap(new byte[] {1, 2}), WriteStability.UNSTABLE);
    assertThat(ok.count()).isEqualTo(2);
  }
}
