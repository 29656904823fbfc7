package dev.kiln.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.PropertyMap;
import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.tree.TreeKey;
import dev.kiln.engine.zil.LogBlockCodec;
import dev.kiln.testkit.crash.CrashInjectingDevice;
import dev.kiln.testkit.crash.ForwardingDevice;
import dev.kiln.testkit.crash.MemoryDevice;
import dev.kiln.testkit.crash.PowerSupply;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class IntentLogTest {

  /** Changes the tree and logs the change, as the object layer does. */
  static void put(DatasetHead h, long object, long offset, byte[] value) throws Exception {
    long seq;
    h.lock().lock();
    try {
      h.tree().put(TreeKey.of(object, Fixture.INLINE, offset), Fixture.stored(value));
      seq = h.intentLog().append(Fixture.logRecord(object, offset, value));
    } finally {
      h.lock().unlock();
    }
    h.intentLog().commit(seq);
  }

  static byte[] get(DatasetHead h, long object, long offset) throws Exception {
    h.lock().lock();
    try {
      return h.tree().get(TreeKey.of(object, Fixture.INLINE, offset)).orElse(null);
    } finally {
      h.lock().unlock();
    }
  }

  @Test
  void committedRecordsSurviveACrashAndAreReplayed() throws Exception {
    CrashInjectingDevice dev = new CrashInjectingDevice("d0", Fixture.DEVICE_SIZE);
    DatasetPool dp = Fixture.create(dev, 30);
    dp.createDataset("tank/fs", DatasetType.FILESYSTEM, PropertyMap.empty());
    DatasetHead h = dp.head("tank/fs");
    put(h, 1, 0, "synced".getBytes(StandardCharsets.UTF_8));
    dp.sync();
    for (int i = 0; i < 50; i++) {
      put(h, 2, i, ("logged " + i).getBytes(StandardCharsets.UTF_8));
    }
    assertThatThrownBy(
            () -> {
              h.lock().lock();
              try {
                h.intentLog().commit(0);
              } finally {
                h.lock().unlock();
              }
            })
        .isInstanceOf(IllegalStateException.class);
    List<BlockPointer> chain = h.zil.blocks();
    assertThat(chain.size()).as("several log blocks").isGreaterThan(2);
    MemoryDevice crashed = dev.crash(new Random(30));
    DatasetPool after = Fixture.open(crashed, 30);
    DatasetHead h2 = after.head("tank/fs");
    // Every written log block was claimed (or was already allocated): it stays allocated until
    // the replayed state is committed and one more txg passes.
    Set<Long> held = new HashSet<>();
    for (BlockPointer bp : after.allocatedBlocks()) {
      held.add(bp.offset());
    }
    // (The chain's first block was reserved in a committed txg and is simply freed.)
    for (BlockPointer bp : chain.subList(1, chain.size() - 1)) {
      assertThat(held).contains(bp.offset());
    }
    assertThat(get(h2, 1, 0)).isEqualTo("synced".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 50; i++) {
      assertThat(get(h2, 2, i)).isEqualTo(("logged " + i).getBytes(StandardCharsets.UTF_8));
    }
    // Replay was synced: a second import replays nothing new and still has everything.
    after.close();
    DatasetPool third = Fixture.open(crashed, 30);
    assertThat(get(third.head("tank/fs"), 2, 49)).isNotNull();
    assertThat(Fixture.unaccountedBytes(third)).isZero();
    third.close();
  }

  @Test
  void recordsLargerThanALogBlockAreSplitAndReassembled() throws Exception {
    CrashInjectingDevice dev = new CrashInjectingDevice("d0", Fixture.DEVICE_SIZE);
    DatasetPool dp = Fixture.create(dev, 32);
    dp.createDataset("tank/fs", DatasetType.FILESYSTEM, PropertyMap.empty());
    DatasetHead h = dp.head("tank/fs");
    Random r = new Random(32);
    List<byte[]> values = new ArrayList<>();
    for (int size : new int[] {100, 300_000, 50, 131_000, 1_000_000}) {
      byte[] v = new byte[size];
      r.nextBytes(v);
      values.add(v);
    }
    for (int i = 0; i < values.size(); i++) {
      put(h, 5, i, values.get(i));
    }
    DatasetPool after = Fixture.open(dev.crash(new Random(32)), 32);
    DatasetHead h2 = after.head("tank/fs");
    for (int i = 0; i < values.size(); i++) {
      assertThat(get(h2, 5, i)).isEqualTo(Fixture.stored(values.get(i)));
    }
    after.close();
  }

  @Test
  void logBlocksAreSizedByWhatTheLastOneHeld() throws Exception {
    CrashInjectingDevice dev = new CrashInjectingDevice("d0", Fixture.DEVICE_SIZE);
    DatasetPool dp = Fixture.create(dev, 33);
    dp.createDataset("tank/fs", DatasetType.FILESYSTEM, PropertyMap.empty());
    DatasetHead h = dp.head("tank/fs");
    dp.sync();
    byte[] big = new byte[200_000];
    new Random(33).nextBytes(big);
    for (int i = 0; i < 5; i++) {
      put(h, 6, i, ("small " + i).getBytes(StandardCharsets.UTF_8));
    }
    put(h, 6, 5, big);
    put(h, 6, 6, "after".getBytes(StandardCharsets.UTF_8));
    put(h, 6, 7, "and again".getBytes(StandardCharsets.UTF_8));
    List<Integer> sizes = h.zil.blocks().stream().map(BlockPointer::physicalSize).toList();
    int min = LogBlockCodec.MIN_BLOCK_SIZE;
    int max = LogBlockCodec.BLOCK_SIZE;
    // Blocks 1-5 follow small commits; the big record fills block 5 and spills into largest ones
    // from block 6 on, after which small commits bring the size down again.
    assertThat(sizes.subList(1, 6)).containsOnly(min);
    assertThat(sizes.get(6)).isEqualTo(max);
    assertThat(sizes.getLast()).isEqualTo(min);
    DatasetPool after = Fixture.open(dev.crash(new Random(33)), 33);
    DatasetHead h2 = after.head("tank/fs");
    assertThat(get(h2, 6, 4)).isEqualTo(Fixture.stored("small 4".getBytes(StandardCharsets.UTF_8)));
    assertThat(get(h2, 6, 5)).isEqualTo(Fixture.stored(big));
    assertThat(get(h2, 6, 7))
        .isEqualTo(Fixture.stored("and again".getBytes(StandardCharsets.UTF_8)));
    after.close();
  }

  @Test
  void aSecondCrashDuringRecoveryLosesNothing() throws Exception {
    for (int round = 0; round < 12; round++) {
      CrashInjectingDevice dev = new CrashInjectingDevice("d0", Fixture.DEVICE_SIZE);
      Random r = new Random(500 + round);
      DatasetPool dp = Fixture.create(dev, 33);
      dp.createDataset("tank/fs", DatasetType.FILESYSTEM, PropertyMap.empty());
      DatasetHead h = dp.head("tank/fs");
      for (int i = 0; i < 30; i++) {
        put(h, 6, i, ("r" + round + ":" + i).getBytes(StandardCharsets.UTF_8));
      }
      PowerSupply power = new PowerSupply();
      CrashInjectingDevice first = dev.crash(r, power);
      power.failAfter(1 + r.nextInt(40));
      try {
        Fixture.open(first, 33).close();
      } catch (IOException e) {
        // power failed during recovery
      }
      DatasetPool after = Fixture.open(first.crash(r), 33);
      DatasetHead h2 = after.head("tank/fs");
      for (int i = 0; i < 30; i++) {
        assertThat(get(h2, 6, i))
            .as("round %d record %d", round, i)
            .isEqualTo(("r" + round + ":" + i).getBytes(StandardCharsets.UTF_8));
      }
      assertThat(Fixture.unaccountedBytes(after)).isZero();
      after.close();
    }
  }

  @Test
  void concurrentCommittersShareFlushesAndAllRecordsAreDurable() throws Exception {
    CrashInjectingDevice dev = new CrashInjectingDevice("d0", Fixture.DEVICE_SIZE);
    DatasetPool dp = Fixture.create(dev, 31);
    dp.createDataset("tank/fs", DatasetType.FILESYSTEM, PropertyMap.empty());
    DatasetHead h = dp.head("tank/fs");
    int threads = 6;
    int perThread = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long object = 100 + t;
      futures.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                  put(h, object, i, ("t" + object + "-" + i).getBytes(StandardCharsets.UTF_8));
                  if (object == 100 && i % 10 == 9) {
                    dp.sync();
                  }
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    long commits = (long) threads * perThread;
    assertThat(h.zil.flushCount()).isPositive().isLessThanOrEqualTo(commits);
    DatasetPool after = Fixture.open(dev.crash(new Random(31)), 31);
    DatasetHead h2 = after.head("tank/fs");
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < perThread; i++) {
        assertThat(get(h2, 100 + t, i))
            .as("record %d of thread %d", i, t)
            .isEqualTo(("t" + (100 + t) + "-" + i).getBytes(StandardCharsets.UTF_8));
      }
    }
    after.close();
  }

  /** A device whose durable writes wait at a gate while it is closed. */
  private static final class GatedDevice extends ForwardingDevice {
    volatile CountDownLatch gate = new CountDownLatch(0);
    final CountDownLatch blocked = new CountDownLatch(1);

    final MemoryDevice memory;

    GatedDevice() {
      this(new MemoryDevice("gated", Fixture.DEVICE_SIZE));
    }

    private GatedDevice(MemoryDevice memory) {
      super(memory);
      this.memory = memory;
    }

    @Override
    public void writeDurable(long offset, ByteBuffer src) throws IOException {
      blocked.countDown();
      try {
        gate.await();
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      write(offset, src);
    }
  }

  @Test
  @Timeout(60) // a lost hand-off would leave the second committer parked forever
  void aWaitingCommitterLeadsNextAndAnInterruptedOneLeavesTheQueue() throws Exception {
    GatedDevice dev = new GatedDevice();
    DatasetPool dp = Fixture.create(dev, 41);
    dp.createDataset("tank/fs", DatasetType.FILESYSTEM, PropertyMap.empty());
    DatasetHead h = dp.head("tank/fs");
    dev.gate = new CountDownLatch(1);
    // The leader's block write hangs at the gate.
    Future<?> leader =
        Executors.newVirtualThreadPerTaskExecutor()
            .submit(
                () -> {
                  put(h, 1, 0, "leader".getBytes(StandardCharsets.UTF_8));
                  return null;
                });
    dev.blocked.await();
    // Appended after the leader took its batch: these wait, and the first one leads next.
    Thread next =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    put(h, 2, 0, "next".getBytes(StandardCharsets.UTF_8));
                  } catch (Exception e) {
                    nextFailure.set(e);
                  }
                });
    Awaitility.await().until(() -> next.getState() == Thread.State.WAITING);
    Thread interrupted =
        Thread.ofVirtual()
            .unstarted(
                () -> {
                  try {
                    put(h, 3, 0, "interrupted".getBytes(StandardCharsets.UTF_8));
                  } catch (Exception e) {
                    caught.set(e);
                  }
                });
    interrupted.start();
    Awaitility.await().until(() -> interrupted.getState() == Thread.State.WAITING);
    interrupted.interrupt();
    interrupted.join();
    assertThat(caught.get()).isInstanceOf(IOException.class).hasMessageContaining("interrupted");
    long flushesBefore = h.zil.flushCount();
    dev.gate.countDown();
    leader.get();
    next.join();
    assertThat(nextFailure.get()).isNull();
    // The second flush wrote the records queued during the first (the interrupted one's too).
    assertThat(h.zil.flushCount()).isEqualTo(flushesBefore + 2);
    put(h, 4, 0, "after".getBytes(StandardCharsets.UTF_8));
    DatasetPool after = Fixture.open(new MemoryDevice("copy", dev.memory.copyOfImage()), 41);
    DatasetHead h2 = after.head("tank/fs");
    assertThat(get(h2, 1, 0)).isEqualTo("leader".getBytes(StandardCharsets.UTF_8));
    assertThat(get(h2, 2, 0)).isEqualTo("next".getBytes(StandardCharsets.UTF_8));
    assertThat(get(h2, 4, 0)).isEqualTo("after".getBytes(StandardCharsets.UTF_8));
    after.close();
  }

  private final AtomicReference<Exception> caught = new AtomicReference<>();
  private final AtomicReference<Exception> nextFailure = new AtomicReference<>();
}
