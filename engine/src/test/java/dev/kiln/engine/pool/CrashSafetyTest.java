package dev.kiln.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.BlockStore;
import dev.kiln.engine.block.Compression;
import dev.kiln.engine.block.CorruptMetadataException;
import dev.kiln.engine.space.OutOfSpaceException;
import dev.kiln.testkit.crash.CrashInjectingDevice;
import dev.kiln.testkit.crash.MemoryDevice;
import dev.kiln.testkit.crash.PowerSupply;
import dev.kiln.testkit.crash.SimulatedPowerLossException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of writes, frees and syncs, cut by a power loss at a random device operation;
 * the crashed images must import to exactly a committed state, fully readable, and the allocator
 * must never hand out a block that state still uses. Each scenario crashes up to three times in a
 * row, every round continuing from the state the previous crash left. Run longer with {@code
 * -Dkiln.random.iterations=N}; reproduce with {@code -Dkiln.random.seed=S}.
 */
class CrashSafetyTest {

  private static final int ITERATIONS = Integer.getInteger("kiln.random.iterations", 400);
  private static final long SEED = Long.getLong("kiln.random.seed", 20260102L);
  private static final int DEVICE_SIZE = 3 << 20;

  /** What a block holds: regenerated from these for verification. */
  private record Content(long seed, int size, boolean compressible) {
    byte[] bytes() {
      return TestData.bytes(seed, size, compressible);
    }
  }

  @Test
  void everyCrashLeavesACommittedStateThatImportsAndVerifies() throws Exception {
    for (int i = 0; i < ITERATIONS; i++) {
      long seed = SEED + i;
      try {
        runOne(seed);
      } catch (Throwable t) {
        throw new AssertionError(
            "crash scenario failed; rerun with -Dkiln.random.seed="
                + seed
                + " -Dkiln.random.iterations=1",
            t);
      }
    }
    if (ITERATIONS >= 200) {
      // The run must have cut syncs at both sides of the uberblock write, or it proves little.
      assertThat(crashesInSync).isGreaterThan(ITERATIONS / 20);
      assertThat(inFlightRecovered).isPositive().isLessThan(crashesInSync);
    }
    System.out.printf(
        "CrashSafetyTest seed=%d scenarios=%d crashes=%d crashesInSync=%d inFlightRecovered=%d%n",
        SEED, ITERATIONS, ITERATIONS * ROUNDS, crashesInSync, inFlightRecovered);
  }

  private static ByteBuffer encodeManifest(long txg, Map<BlockPointer, Content> live) {
    ByteBuffer buf = ByteBuffer.allocate(12 + live.size() * (BlockPointer.SIZE + 13));
    buf.putLong(txg).putInt(live.size());
    live.forEach(
        (bp, c) -> {
          bp.writeTo(buf);
          buf.putLong(c.seed()).putInt(c.size()).put((byte) (c.compressible() ? 1 : 0));
        });
    return buf.flip();
  }

  private static Map<BlockPointer, Content> decodeManifest(ByteBuffer buf) {
    buf.getLong();
    int n = buf.getInt();
    Map<BlockPointer, Content> out = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      BlockPointer bp = BlockPointer.readFrom(buf);
      out.put(bp, new Content(buf.getLong(), buf.getInt(), buf.get() == 1));
    }
    return out;
  }

  private static boolean isPowerLoss(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SimulatedPowerLossException) {
        return true;
      }
    }
    return false;
  }

  /** Scenarios cut inside a sync, and those of them that recovered the in-flight txg. */
  private int crashesInSync;

  private int inFlightRecovered;

  private static final int ROUNDS = 3;

  private void runOne(long seed) throws Exception {
    Random random = new Random(seed);
    int deviceCount = 1 + random.nextInt(2);
    List<byte[]> images = new ArrayList<>();
    for (int d = 0; d < deviceCount; d++) {
      images.add(new byte[DEVICE_SIZE]);
    }
    int ashift = random.nextBoolean() ? 9 : 12;
    long cacheBytes = random.nextBoolean() ? 0 : 256 * 1024;
    Map<BlockPointer, Content> committed = new LinkedHashMap<>();
    long[] contentSeed = {seed * 1000};
    for (int round = 0; round < ROUNDS; round++) {
      PowerSupply power = new PowerSupply();
      List<CrashInjectingDevice> devices = new ArrayList<>();
      for (int d = 0; d < deviceCount; d++) {
        devices.add(new CrashInjectingDevice("d" + d, images.get(d), power));
      }
      Pool pool =
          round == 0
              ? PoolCreator.named("crash")
                  .devices(devices)
                  .ashift(ashift)
                  .clock(TestData.CLOCK)
                  .random(new Random(seed))
                  .cacheBytes(cacheBytes)
                  .create()
              : PoolImporter.on(devices)
                  .clock(TestData.CLOCK)
                  .cacheBytes(cacheBytes)
                  .importPool("crash");
      Outcome outcome = runUntilPowerLoss(pool, power, random, committed, contentSeed);

      // Power loss now (if it has not happened yet): unflushed writes are kept, dropped or torn.
      images.clear();
      for (CrashInjectingDevice d : devices) {
        images.add(d.crash(random).copyOfImage());
      }
      committed = verifyRecovery(images, outcome.committed(), outcome.inFlight());
    }
  }

  /**
   * Random writes, frees and syncs, starting from {@code committed}, until the power fails or the
   * steps run out.
   */
  private Outcome runUntilPowerLoss(
      Pool pool,
      PowerSupply power,
      Random random,
      Map<BlockPointer, Content> committed,
      long[] contentSeed)
      throws Exception {
    BlockStore store = pool.blockStore();
    Map<BlockPointer, Content> live = new LinkedHashMap<>(committed);
    AtomicReference<Map<BlockPointer, Content>> inFlight = new AtomicReference<>();
    Map<BlockPointer, Content> lastSynced = committed;
    pool.setSyncHandler(
        (txg, current) -> {
          if (current != null) {
            store.free(current, txg);
          }
          return store.write(encodeManifest(txg, live), Compression.LZ4, txg);
        });
    power.failAfter(random.nextInt(250));
    try {
      for (int step = 0; step < 25; step++) {
        int op = random.nextInt(10);
        if (op < 5) {
          for (int k = 1 + random.nextInt(4); k > 0; k--) {
            Content c =
                new Content(contentSeed[0]++, 1 + random.nextInt(12 * 1024), random.nextBoolean());
            Compression comp = Compression.values()[random.nextInt(3)];
            try {
              live.put(store.write(ByteBuffer.wrap(c.bytes()), comp, pool.openTxg()), c);
            } catch (OutOfSpaceException full) {
              break;
            }
          }
        } else if (op < 8) {
          List<BlockPointer> keys = new ArrayList<>(live.keySet());
          for (int k = random.nextInt(3); k > 0 && !keys.isEmpty(); k--) {
            BlockPointer victim = keys.remove(random.nextInt(keys.size()));
            if (random.nextInt(4) == 0) {
              // Verify reads along the way, including blocks of the open txg.
              assertThat(TestData.array(store.read(victim))).isEqualTo(live.get(victim).bytes());
            }
            store.free(victim, pool.openTxg());
            live.remove(victim);
          }
        } else {
          inFlight.set(new LinkedHashMap<>(live));
          pool.sync();
          lastSynced = inFlight.getAndSet(null);
        }
      }
    } catch (IOException e) {
      if (!isPowerLoss(e)) {
        throw e;
      }
      assertThat(pool.suspended() || inFlight.get() == null).isTrue();
    }
    return new Outcome(lastSynced, inFlight.get());
  }

  /** The state of the last completed sync, and that of a sync the power loss cut (or null). */
  private record Outcome(
      Map<BlockPointer, Content> committed, Map<BlockPointer, Content> inFlight) {}

  /**
   * Imports copies of the crashed images and checks them: the state is the last committed one (or
   * the interrupted sync's), every block verifies, and new allocations avoid every block of it.
   * Returns the recovered state.
   */
  private Map<BlockPointer, Content> verifyRecovery(
      List<byte[]> images,
      Map<BlockPointer, Content> committed,
      Map<BlockPointer, Content> inFlight)
      throws Exception {
    List<MemoryDevice> crashed = new ArrayList<>();
    for (int d = 0; d < images.size(); d++) {
      crashed.add(new MemoryDevice("d" + d, images.get(d).clone()));
    }
    try (Pool recovered = PoolImporter.on(crashed).clock(TestData.CLOCK).importPool("crash")) {
      // No root: the crash came before the first sync after creation.
      BlockPointer root = recovered.metaRoot().orElse(null);
      Map<BlockPointer, Content> state =
          root == null ? Map.of() : decodeManifest(recovered.blockStore().read(root));
      if (inFlight != null) {
        crashesInSync++;
        inFlightRecovered += state.equals(inFlight) && !state.equals(committed) ? 1 : 0;
        assertThat(state).isIn(committed, inFlight);
      } else {
        assertThat(state).isEqualTo(committed);
      }
      for (Map.Entry<BlockPointer, Content> e : state.entrySet()) {
        assertThat(TestData.array(recovered.blockStore().read(e.getKey())))
            .isEqualTo(e.getValue().bytes());
      }
      List<BlockPointer> held = new ArrayList<>(state.keySet());
      if (root != null) {
        held.add(root);
      }
      // Copies of the newest uberblock may be torn in some labels (the next sync rewrites them);
      // every block must verify.
      assertThat(recovered.scrub(held).errors()).allSatisfy(e -> assertThat(e.pointer()).isNull());

      // Fill the pool: no new block may land on a block of the recovered state.
      long txg = recovered.openTxg();
      for (int i = 0; i < 400; i++) {
        BlockPointer fresh;
        try {
          fresh =
              recovered
                  .blockStore()
                  .write(ByteBuffer.wrap(TestData.bytes(i, 8192, false)), Compression.OFF, txg);
        } catch (OutOfSpaceException full) {
          break;
        }
        for (BlockPointer old : held) {
          boolean overlap =
              old.vdev() == fresh.vdev()
                  && old.offset() < fresh.offset() + 8192
                  && fresh.offset() < old.offset() + Math.max(1, old.physicalSize());
          assertThat(overlap).as("%s reuses space of %s", fresh, old).isFalse();
        }
      }
      recovered.sync();
      for (Map.Entry<BlockPointer, Content> e : state.entrySet()) {
        assertThat(TestData.array(recovered.blockStore().read(e.getKey())))
            .isEqualTo(e.getValue().bytes());
      }
      assertThat(recovered.scrub(held).errors()).isEmpty();
      return new LinkedHashMap<>(state);
    } catch (CorruptMetadataException e) {
      throw new AssertionError("recovered pool has corrupt metadata", e);
    }
  }
}
