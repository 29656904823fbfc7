package dev.kiln.engine.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.api.error.QuotaExceededException;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.api.fs.WriteStability;
import dev.kiln.engine.block.Compression;
import dev.kiln.engine.objset.ObjectSetSettings;
import dev.kiln.engine.objset.ObjectSetSettings.SyncMode;
import dev.kiln.engine.tree.TreeKey;
import dev.kiln.engine.tree.TreeOptions;
import dev.kiln.testkit.ManualClock;
import dev.kiln.testkit.model.FsOperation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Failed writes change nothing; concurrent writers and txg syncs do not corrupt each other. */
class SpaceAndConcurrencyTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-05-01T00:00:00Z"));

  private TestObjectSet objectSet(Compression compression) {
    return new TestObjectSet(
        clock,
        TreeOptions.defaults(),
        new ObjectSetSettings(compression, 8192, 8192, true, SyncMode.STANDARD, false));
  }

  @Test
  void recordsOfZerosAreHolesWhenCompressionIsOn() throws IOException {
    TestObjectSet os = objectSet(Compression.LZ4);
    TreeFileSystem fs = TreeFileSystem.open(os);
    long f = fs.create(fs.rootInode(), "f", SetAttributes.none()).inode();
    byte[] data = FsOperation.content(3, 40_000);
    fs.write(f, 0, ByteBuffer.wrap(data), WriteStability.UNSTABLE);
    assertThat(extentCount(os, f)).isEqualTo(5);
    long charged = os.referencedBytes();
    // Zeros over the second to fourth records whole and the short fifth one through a partial
    // (read-modify-write) write: only the first record keeps a block.
    fs.write(f, 8192, ByteBuffer.wrap(new byte[40_000 - 8192]), WriteStability.UNSTABLE);
    assertThat(extentCount(os, f)).isEqualTo(1);
    assertThat(os.referencedBytes()).isLessThan(charged);
    ByteBuffer back = ByteBuffer.allocate(40_000);
    assertThat(fs.read(f, 0, back)).isEqualTo(40_000);
    byte[] expected = data.clone();
    java.util.Arrays.fill(expected, 8192, 40_000, (byte) 0);
    assertThat(back.array()).isEqualTo(expected);
    assertThat(fs.getattr(f).size()).isEqualTo(40_000);
    // Uncompressed, zeros are data like any other.
    TestObjectSet plain = objectSet(Compression.OFF);
    TreeFileSystem fs2 = TreeFileSystem.open(plain);
    long g = fs2.create(fs2.rootInode(), "g", SetAttributes.none()).inode();
    fs2.write(g, 0, ByteBuffer.wrap(new byte[16_384]), WriteStability.UNSTABLE);
    assertThat(extentCount(plain, g)).isEqualTo(2);
  }

  @Test
  void aWriteRefusedForSpaceLeavesNoExtentsAndNoCharge() throws IOException {
    TestObjectSet os = objectSet(Compression.OFF);
    TreeFileSystem fs = TreeFileSystem.open(os);
    long f = fs.create(fs.rootInode(), "f", SetAttributes.none()).inode();
    byte[] small = FsOperation.content(1, 10_000);
    fs.write(f, 0, ByteBuffer.wrap(small), WriteStability.UNSTABLE);
    os.limit(100_000, true);
    long charged = os.referencedBytes();
    int records = os.log().size();
    assertThatThrownBy(
            () -> fs.write(f, 4000, ByteBuffer.wrap(new byte[200_000]), WriteStability.FILE_SYNC))
        .isInstanceOf(QuotaExceededException.class);
    assertThat(fs.getattr(f).size()).isEqualTo(10_000);
    ByteBuffer back = ByteBuffer.allocate(20_000);
    assertThat(fs.read(f, 0, back)).isEqualTo(10_000);
    assertThat(java.util.Arrays.copyOf(back.array(), 10_000)).isEqualTo(small);
    assertThat(extentCount(os, f)).isEqualTo(2);
    assertThat(os.referencedBytes()).isEqualTo(charged);
    assertThat(os.log().size()).isEqualTo(records);
  }

  @Test
  void concurrentWritersAndSyncsKeepEveryFileIntact() throws Exception {
    TestObjectSet os = objectSet(Compression.LZ4);
    TreeFileSystem fs = TreeFileSystem.open(os);
    int writers = 4;
    int rounds = 60;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < writers; w++) {
        int id = w;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  long f = fs.create(fs.rootInode(), "w" + id, SetAttributes.none()).inode();
                  for (int r = 0; r < rounds; r++) {
                    byte[] chunk = FsOperation.content(id * 1000L + r, 3000);
                    WriteStability s =
                        r % 5 == 0 ? WriteStability.FILE_SYNC : WriteStability.UNSTABLE;
                    fs.write(f, (long) r * 3000, ByteBuffer.wrap(chunk), s);
                  }
                  return null;
                }));
      }
      futures.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < 20; i++) {
                  os.sync();
                }
                return null;
              }));
      start.countDown();
      for (Future<?> fut : futures) {
        fut.get();
      }
    }
    os.sync();
    TreeFileSystem reopened = TreeFileSystem.open(os);
    for (int w = 0; w < writers; w++) {
      long f = reopened.lookup(reopened.rootInode(), "w" + w).inode();
      assertThat(reopened.getattr(f).size()).isEqualTo((long) rounds * 3000);
      ByteBuffer all = ByteBuffer.allocate(rounds * 3000);
      reopened.read(f, 0, all);
      for (int r = 0; r < rounds; r++) {
        assertThat(java.util.Arrays.copyOfRange(all.array(), r * 3000, (r + 1) * 3000))
            .isEqualTo(FsOperation.content(w * 1000L + r, 3000));
      }
    }
  }

  private static int extentCount(TestObjectSet os, long inode) throws IOException {
    os.lock().lock();
    try {
      return os.tree()
          .scan(
              TreeKey.of(inode, ItemType.EXTENT, 0),
              TreeKey.of(inode, ItemType.EXTENT + 1, 0),
              Integer.MAX_VALUE)
          .size();
    } finally {
      os.lock().unlock();
    }
  }
}
