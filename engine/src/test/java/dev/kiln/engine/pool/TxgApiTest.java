package dev.kiln.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.ChecksumMismatchException;
import dev.kiln.engine.block.Compression;
import dev.kiln.testkit.crash.CrashInjectingDevice;
import dev.kiln.testkit.crash.MemoryDevice;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TxgApiTest {

  /** A clock tests move by hand. */
  private static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-03-04T05:06:07Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void syncIfDueFollowsTheIntervalAndTheDirtyThreshold() throws Exception {
    ManualClock clock = new ManualClock();
    SyncPolicy policy = new SyncPolicy(Duration.ofSeconds(5), 100_000);
    try (Pool pool =
        PoolCreator.named("tank").device(new MemoryDevice("m", 8 << 20)).clock(clock).create()) {
      long created = pool.lastSyncedTxg();
      clock.advance(Duration.ofSeconds(4));
      assertThat(pool.syncIfDue(policy)).isEmpty();
      clock.advance(Duration.ofSeconds(1));
      assertThat(pool.syncIfDue(policy)).hasValue(created + 1);
      assertThat(pool.committedUberblock().timestampMillis()).isEqualTo(clock.millis());
      assertThat(pool.syncIfDue(policy)).isEmpty();
      pool.blockStore()
          .write(
              ByteBuffer.wrap(TestData.bytes(1, 120_000, false)), Compression.OFF, pool.openTxg());
      assertThat(pool.dirtyBytes()).isGreaterThanOrEqualTo(120_000);
      assertThat(pool.syncIfDue(policy)).hasValue(created + 2);
      assertThat(pool.dirtyBytes()).isZero();
    }
    assertThatThrownBy(() -> new SyncPolicy(Duration.ZERO, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSecondSyncHandlerIsRefused() throws Exception {
    try (Pool pool = PoolCreator.named("tank").device(new MemoryDevice("m", 4 << 20)).create()) {
      pool.setSyncHandler((txg, root) -> root);
      assertThatThrownBy(() -> pool.setSyncHandler((txg, root) -> root))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aFailedSyncSuspendsThePool() throws Exception {
    try (Pool pool = PoolCreator.named("tank").device(new MemoryDevice("m", 4 << 20)).create()) {
      pool.setSyncHandler(
          (txg, root) -> {
            throw new java.io.IOException("dataset layer failed");
          });
      assertThatThrownBy(pool::sync).hasMessageContaining("dataset layer failed");
      assertThat(pool.suspended()).isTrue();
      assertThatThrownBy(
              () ->
                  pool.blockStore()
                      .read(new BlockPointer(0, 1 << 20, 1, 1, 1, (byte) 0, (byte) 1, 0)))
          .hasMessageContaining("suspended");
    }
  }

  @Test
  void flushedBlocksWrittenAfterTheLastCommitCanBeClaimedAfterACrash() throws Exception {
    CrashInjectingDevice device = new CrashInjectingDevice("d", 8 << 20);
    BlockPointer logBlock;
    BlockPointer unflushed;
    Pool pool = PoolCreator.named("tank").device(device).create();
    logBlock =
        pool.blockStore()
            .write(ByteBuffer.wrap(TestData.bytes(7, 3000, true)), Compression.LZ4, pool.openTxg());
    pool.flush(); // the intent log's barrier: durable without a txg commit
    unflushed =
        pool.blockStore()
            .write(
                ByteBuffer.wrap(TestData.bytes(8, 3000, false)), Compression.OFF, pool.openTxg());
    MemoryDevice crashed = device.crash(new Random(1));
    // Find a crash where the unflushed block was lost, so the claim must notice.
    for (int seed = 2; readable(crashed, unflushed); seed++) {
      crashed = device.crash(new Random(seed));
    }

    try (Pool recovered = PoolImporter.on(List.of(crashed)).importPool("tank")) {
      recovered.claim(logBlock);
      assertThatThrownBy(() -> recovered.claim(logBlock)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> recovered.claim(unflushed))
          .isInstanceOf(ChecksumMismatchException.class);
      for (int i = 0; i < 300; i++) {
        BlockPointer fresh =
            recovered
                .blockStore()
                .write(
                    ByteBuffer.wrap(TestData.bytes(i, 4096, false)),
                    Compression.OFF,
                    recovered.openTxg());
        assertThat(fresh.vdev() == logBlock.vdev() && fresh.offset() == logBlock.offset())
            .isFalse();
      }
      recovered.sync();
    }
    try (Pool again = PoolImporter.on(List.of(crashed)).importPool("tank")) {
      assertThat(TestData.array(again.blockStore().read(logBlock)))
          .isEqualTo(TestData.bytes(7, 3000, true));
      assertThatThrownBy(() -> again.claim(logBlock))
          .as("the claim was committed: the block is allocated now")
          .isInstanceOf(IllegalStateException.class);
    }
  }

  private static boolean readable(MemoryDevice image, BlockPointer bp) throws Exception {
    try (Pool pool =
        PoolImporter.on(List.of(new MemoryDevice("copy", image.copyOfImage())))
            .readOnly(true)
            .importPool("tank")) {
      pool.blockStore().read(bp);
      return true;
    } catch (ChecksumMismatchException e) {
      return false;
    }
  }
}
