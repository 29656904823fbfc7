package dev.kiln.iscsi.scsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.engine.api.block.VolumeIdentity;
import dev.kiln.testkit.memory.MemoryBlockVolume;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Small writes answered later through a {@link ResponseSink}, large ones at once. */
class GatheredWriteTest {

  private static final Nexus NEXUS = new Nexus("iqn.test,i,0x1", "iqn.test");
  private static final int BLOCK = 512;

  /** Records what the unit tells it, in order. */
  private static class Recorder implements ResponseSink {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void respond(ScsiResponse response) {
      threads.add(Thread.currentThread());
      events.add("respond " + response.status() + (response.sense() == null ? "" : " sense"));
    }

    @Override
    public void flush() {
      events.add("flush");
    }
  }

  /** A caller that drains the writes it submits itself, as a connection's reader does. */
  private static final class SelfDraining extends Recorder {
    @Override
    public boolean drainedByCaller() {
      return true;
    }
  }

  private static LogicalUnit unit() {
    MemoryBlockVolume v = new MemoryBlockVolume(new VolumeIdentity(7, "gather"), BLOCK, 4096);
    return new LogicalUnit(v, UnitIdentity.fromGuid(7, "gather", "iqn.test", 1));
  }

  private static byte[] write10(long lba, int blocks) {
    byte[] cdb = new byte[16];
    cdb[0] = 0x2a;
    Cdb.put32(cdb, 2, lba);
    Cdb.put16(cdb, 7, blocks);
    return cdb;
  }

  private static byte[] read10(long lba, int blocks) {
    byte[] cdb = new byte[16];
    cdb[0] = 0x28;
    Cdb.put32(cdb, 2, lba);
    Cdb.put16(cdb, 7, blocks);
    return cdb;
  }

  private static ByteBuffer filled(int bytes, int value) {
    byte[] b = new byte[bytes];
    java.util.Arrays.fill(b, (byte) value);
    return ByteBuffer.wrap(b);
  }

  @Test
  void adjacentSmallWritesAreEachAnsweredOnceThenFlushedAndLand() {
    LogicalUnit lu = unit();
    List<Recorder> sinks = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      Recorder r = new Recorder();
      sinks.add(r);
      lu.execute(
          new ScsiRequest(write10(8L * i, 8), filled(8 * BLOCK, i + 1), 8 * BLOCK, NEXUS), r);
    }
    for (Recorder r : sinks) {
      await().atMost(Duration.ofSeconds(30)).until(() -> r.events.contains("flush"));
      assertThat(r.events).containsExactly("respond 0", "flush");
    }
    ScsiResponse back =
        lu.execute(new ScsiRequest(read10(0, 256), ByteBuffer.allocate(0), 256 * BLOCK, NEXUS));
    ByteBuffer data = back.dataIn();
    for (int i = 0; i < 32; i++) {
      assertThat(data.get(data.position() + i * 8 * BLOCK)).isEqualTo((byte) (i + 1));
      assertThat(data.get(data.position() + (i + 1) * 8 * BLOCK - 1)).isEqualTo((byte) (i + 1));
    }
  }

  @Test
  void aLargeWriteIsAnsweredBeforeExecuteReturns() {
    LogicalUnit lu = unit();
    Recorder r = new Recorder();
    int blocks = LogicalUnit.QUICK_BYTES / BLOCK + 8;
    lu.execute(
        new ScsiRequest(write10(0, blocks), filled(blocks * BLOCK, 9), blocks * BLOCK, NEXUS), r);
    assertThat(r.events).containsExactly("respond 0", "flush");
    assertThat(lu.quick(write10(0, blocks))).isFalse();
    assertThat(lu.quick(write10(0, 8))).isTrue();
    assertThat(lu.quick(read10(0, 8))).isTrue();
  }

  @Test
  void aSmallWriteOutsideTheVolumeFailsAtOnceWithSense() {
    LogicalUnit lu = unit();
    Recorder r = new Recorder();
    lu.execute(new ScsiRequest(write10(4095, 8), filled(8 * BLOCK, 1), 8 * BLOCK, NEXUS), r);
    assertThat(r.events).containsExactly("respond 2 sense", "flush");
  }

  @Test
  void writesOfASelfDrainingCallerWaitForItsDrainAndRunOnItsThread() {
    LogicalUnit lu = unit();
    List<Recorder> sinks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Recorder r = new SelfDraining();
      sinks.add(r);
      lu.execute(
          new ScsiRequest(write10(8L * i, 8), filled(8 * BLOCK, 0x30 + i), 8 * BLOCK, NEXUS), r);
    }
    for (Recorder r : sinks) {
      assertThat(r.events).isEmpty();
    }
    ScsiResponse before =
        lu.execute(new ScsiRequest(read10(0, 8), ByteBuffer.allocate(0), 8 * BLOCK, NEXUS));
    assertThat(before.dataIn().get(before.dataIn().position())).isZero();
    lu.drainWrites();
    for (Recorder r : sinks) {
      assertThat(r.events).containsExactly("respond 0", "flush");
      assertThat(r.threads).containsExactly(Thread.currentThread());
    }
    ScsiResponse after =
        lu.execute(new ScsiRequest(read10(56, 8), ByteBuffer.allocate(0), 8 * BLOCK, NEXUS));
    assertThat(after.dataIn().get(after.dataIn().position())).isEqualTo((byte) 0x37);
    lu.drainWrites(); // nothing left: a no-op
    assertThat(sinks.get(0).events).hasSize(2);
  }

  @Test
  void aSelfDrainingCallerWritesItsQueueOnceItHoldsTheMostItMayDefer() {
    LogicalUnit lu = unit();
    List<Recorder> sinks = new ArrayList<>();
    for (int i = 0; i < WriteCombiner.MAX_DEFERRED; i++) {
      Recorder r = new SelfDraining();
      sinks.add(r);
      lu.execute(new ScsiRequest(write10(i, 1), filled(BLOCK, 1), BLOCK, NEXUS), r);
      boolean last = i == WriteCombiner.MAX_DEFERRED - 1;
      assertThat(sinks.get(0).events).hasSize(last ? 2 : 0);
    }
    for (Recorder r : sinks) {
      assertThat(r.events).containsExactly("respond 0", "flush");
    }
  }
}
