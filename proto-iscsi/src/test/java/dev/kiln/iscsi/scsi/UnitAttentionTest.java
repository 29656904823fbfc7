package dev.kiln.iscsi.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.api.block.BlockVolume;
import dev.kiln.engine.api.block.VolumeIdentity;
import dev.kiln.testkit.memory.MemoryBlockVolume;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Unit attention conditions (SAM-5 §5.14, SPC-4 §5.12.11): one test per rule. */
class UnitAttentionTest {

  private static final Nexus A = new Nexus("iqn.a,i,0x1", "iqn.a");
  private static final Nexus B = new Nexus("iqn.b,i,0x2", "iqn.b");
  private static final Nexus C = new Nexus("iqn.c,i,0x3", "iqn.c");
  private static final int BLOCK = 512;

  /** A volume whose size the test changes, as a volsize change through the API would. */
  private static final class ResizableVolume implements BlockVolume {
    private final MemoryBlockVolume inner =
        new MemoryBlockVolume(new VolumeIdentity(5, "ua"), BLOCK, 4096);
    private volatile long blocks = 1024;

    @Override
    public VolumeIdentity identity() {
      return inner.identity();
    }

    @Override
    public int logicalBlockSize() {
      return BLOCK;
    }

    @Override
    public long blockCount() {
      return blocks;
    }

    @Override
    public boolean readOnly() {
      return false;
    }

    @Override
    public void read(long lba, ByteBuffer dst) throws IOException {
      inner.read(lba, dst);
    }

    @Override
    public void write(long lba, ByteBuffer src, boolean fua) throws IOException {
      inner.write(lba, src, fua);
    }

    @Override
    public void flush() throws IOException {
      inner.flush();
    }

    @Override
    public void unmap(long lba, long count) throws IOException {
      inner.unmap(lba, count);
    }
  }

  private final ResizableVolume volume = new ResizableVolume();
  private final LogicalUnit unit =
      new LogicalUnit(volume, UnitIdentity.fromGuid(5, "ua", "iqn.test", 1));

  private ScsiResponse run(Nexus n, byte[] cdb, byte[] dataOut) {
    return unit.execute(new ScsiRequest(cdb, ByteBuffer.wrap(dataOut), 4096, n));
  }

  private ScsiResponse run(Nexus n, byte[] cdb) {
    return run(n, cdb, new byte[0]);
  }

  private static byte[] testUnitReady() {
    return new byte[6];
  }

  private static byte[] inquiry() {
    byte[] cdb = new byte[6];
    cdb[0] = 0x12;
    cdb[4] = (byte) 96;
    return cdb;
  }

  private static byte[] reportLuns() {
    byte[] cdb = new byte[12];
    cdb[0] = (byte) 0xa0;
    Cdb.put32(cdb, 6, 256);
    return cdb;
  }

  private static byte[] requestSense(boolean descriptor) {
    byte[] cdb = new byte[6];
    cdb[0] = 0x03;
    cdb[1] = (byte) (descriptor ? 1 : 0);
    cdb[4] = (byte) 252;
    return cdb;
  }

  private static byte[] read10(long lba, int blocks) {
    byte[] cdb = new byte[10];
    cdb[0] = 0x28;
    Cdb.put32(cdb, 2, lba);
    Cdb.put16(cdb, 7, blocks);
    return cdb;
  }

  private static byte[] readCapacity16() {
    byte[] cdb = new byte[16];
    cdb[0] = (byte) 0x9e;
    cdb[1] = 0x10;
    Cdb.put32(cdb, 10, 32);
    return cdb;
  }

  private ScsiResponse prout(Nexus n, int action, int type, long key, long saKey) {
    byte[] cdb = new byte[10];
    cdb[0] = 0x5f;
    cdb[1] = (byte) action;
    cdb[2] = (byte) type;
    Cdb.put32(cdb, 5, 24);
    byte[] p = new byte[24];
    Cdb.put64(p, 0, key);
    Cdb.put64(p, 8, saKey);
    return run(n, cdb, p);
  }

  private static void assertAttention(ScsiResponse r, int asc, int ascq) {
    assertThat(r.status()).isEqualTo(ScsiStatus.CHECK_CONDITION);
    assertThat(r.sense().key()).isEqualTo(SenseData.UNIT_ATTENTION);
    assertThat(r.sense().asc()).isEqualTo(asc);
    assertThat(r.sense().ascq()).isEqualTo(ascq);
  }

  private static void assertGood(ScsiResponse r) {
    assertThat(r.status()).as("%s", r.sense()).isEqualTo(ScsiStatus.GOOD);
  }

  /** Joins the nexuses and consumes their POWER ON condition. */
  private void joined(Nexus... nexuses) {
    for (Nexus n : nexuses) {
      unit.nexusJoined(n);
      assertAttention(run(n, testUnitReady()), 0x29, 0x00);
      assertGood(run(n, testUnitReady()));
    }
  }

  @Test
  void aNewNexusFirstReportsPowerOnResetThenRunsCommands() {
    unit.nexusJoined(A);
    assertAttention(run(A, read10(0, 1)), 0x29, 0x00);
    assertThat(unit.pendingAttentions(A)).isZero();
    assertGood(run(A, read10(0, 1)));
  }

  @Test
  void aNexusThatNeverJoinedHasNoCondition() {
    assertGood(run(C, testUnitReady()));
  }

  @Test
  void inquiryAndReportLunsNeitherReportNorClear() {
    unit.nexusJoined(A);
    assertGood(run(A, inquiry()));
    // REPORT LUNS reaching the unit is refused by it, but not with the unit attention.
    assertThat(run(A, reportLuns()).sense()).isNotNull();
    assertThat(run(A, reportLuns()).sense().key()).isNotEqualTo(SenseData.UNIT_ATTENTION);
    assertThat(unit.pendingAttentions(A)).isEqualTo(1);
    assertAttention(run(A, testUnitReady()), 0x29, 0x00);
  }

  @Test
  void requestSenseReturnsThePendingConditionAsDataAndClearsIt() {
    unit.nexusJoined(A);
    ScsiResponse r = run(A, requestSense(false));
    assertGood(r);
    ByteBuffer d = r.dataIn();
    assertThat(d.get(d.position() + 2) & 0x0f).isEqualTo(SenseData.UNIT_ATTENTION);
    assertThat(d.get(d.position() + 12) & 0xff).isEqualTo(0x29);
    assertThat(unit.pendingAttentions(A)).isZero();
    ScsiResponse none = run(A, requestSense(true));
    assertGood(none);
    assertThat(none.dataIn().get(none.dataIn().position()) & 0xff).isEqualTo(0x72);
    assertThat(none.dataIn().get(none.dataIn().position() + 1)).isZero();
  }

  @Test
  void requestSenseInDescriptorFormatCarriesTheCondition() {
    unit.nexusJoined(A);
    ScsiResponse r = run(A, requestSense(true));
    ByteBuffer d = r.dataIn();
    assertThat(d.get(d.position()) & 0xff).isEqualTo(0x72);
    assertThat(d.get(d.position() + 1) & 0xff).isEqualTo(SenseData.UNIT_ATTENTION);
    assertThat(d.get(d.position() + 2) & 0xff).isEqualTo(0x29);
    assertThat(d.get(d.position() + 3) & 0xff).isEqualTo(0x00);
  }

  @Test
  void aLunResetTellsTheOtherNexusesOnly() {
    joined(A, B);
    unit.reset(A);
    assertGood(run(A, testUnitReady()));
    assertAttention(run(B, testUnitReady()), 0x29, 0x03);
    assertGood(run(B, testUnitReady()));
  }

  @Test
  void aResetSupersedesAnEarlierResetAndGoesFirst() {
    joined(A, B, C);
    prout(A, 6, 0, 0, 0xa); // register A, B
    prout(B, 6, 0, 0, 0xb);
    prout(A, 1, 5, 0xa, 0); // A reserves write exclusive, registrants only
    prout(A, 2, 5, 0xa, 0); // and releases it: B learns RESERVATIONS RELEASED
    unit.reset(C);
    unit.reset(A);
    assertThat(unit.pendingAttentions(B)).isEqualTo(2);
    assertAttention(run(B, testUnitReady()), 0x29, 0x03);
    assertAttention(run(B, testUnitReady()), 0x2a, 0x04);
    assertGood(run(B, testUnitReady()));
  }

  @Test
  void aLostNexusKeepsNothingAndRejoiningReportsPowerOnAgain() {
    joined(A, B);
    unit.reset(A);
    unit.nexusLost(B);
    assertThat(unit.pendingAttentions(B)).isZero();
    unit.nexusJoined(B);
    assertAttention(run(B, testUnitReady()), 0x29, 0x00);
    assertGood(run(B, testUnitReady()));
  }

  @Test
  void aCapacityChangeIsReportedToEveryNexusAndTheNewSizeIsServed() {
    joined(A, B);
    volume.blocks = 2048;
    assertAttention(run(A, readCapacity16()), 0x2a, 0x09);
    ScsiResponse cap = run(A, readCapacity16());
    assertGood(cap);
    assertThat(cap.dataIn().getLong(cap.dataIn().position())).isEqualTo(2047);
    assertAttention(run(B, read10(1500, 1)), 0x2a, 0x09);
    assertGood(run(B, read10(1500, 1)));
  }

  @Test
  void preemptTellsTheNexusWhoseRegistrationWasRemoved() {
    joined(A, B, C);
    assertGood(prout(A, 6, 0, 0, 0xa));
    assertGood(prout(B, 6, 0, 0, 0xb));
    assertGood(prout(C, 6, 0, 0, 0xc));
    assertGood(prout(B, 4, 3, 0xb, 0xa)); // B preempts A's registration
    assertAttention(run(A, testUnitReady()), 0x2a, 0x05);
    assertGood(run(A, testUnitReady()));
    assertGood(run(B, testUnitReady()));
    assertGood(run(C, testUnitReady()));
  }

  @Test
  void preemptingTheHolderWithAnotherTypeReleasesItForTheRemainingRegistrants() {
    joined(A, B, C);
    assertGood(prout(A, 6, 0, 0, 0xa));
    assertGood(prout(B, 6, 0, 0, 0xb));
    assertGood(prout(C, 6, 0, 0, 0xc));
    assertGood(prout(A, 1, 1, 0xa, 0)); // A holds WRITE EXCLUSIVE
    assertGood(prout(B, 4, 3, 0xb, 0xa)); // B takes it as EXCLUSIVE ACCESS
    assertAttention(run(A, testUnitReady()), 0x2a, 0x05);
    assertAttention(run(C, testUnitReady()), 0x2a, 0x04);
    assertGood(run(B, testUnitReady()));
  }

  @Test
  void clearTellsEveryOtherRegistrantReservationsPreempted() {
    joined(A, B, C);
    assertGood(prout(A, 6, 0, 0, 0xa));
    assertGood(prout(B, 6, 0, 0, 0xb));
    assertGood(prout(A, 3, 0, 0xa, 0));
    assertAttention(run(B, testUnitReady()), 0x2a, 0x03);
    assertGood(run(A, testUnitReady()));
    assertGood(run(C, testUnitReady())); // not registered: not told
  }

  @Test
  void releasingARegistrantsOnlyReservationTellsTheOtherRegistrants() {
    joined(A, B, C);
    assertGood(prout(A, 6, 0, 0, 0xa));
    assertGood(prout(B, 6, 0, 0, 0xb));
    assertGood(prout(A, 1, 6, 0xa, 0));
    assertGood(prout(A, 2, 6, 0xa, 0));
    assertAttention(run(B, testUnitReady()), 0x2a, 0x04);
    assertGood(run(A, testUnitReady()));
    assertGood(run(C, testUnitReady()));
  }

  @Test
  void releasingAnExclusiveReservationTellsNobody() {
    joined(A, B);
    assertGood(prout(A, 6, 0, 0, 0xa));
    assertGood(prout(B, 6, 0, 0, 0xb));
    assertGood(prout(A, 1, 3, 0xa, 0));
    assertGood(prout(A, 2, 3, 0xa, 0));
    assertGood(run(B, testUnitReady()));
  }

  @Test
  void theHolderUnregisteringReleasesARegistrantsOnlyReservation() {
    joined(A, B);
    assertGood(prout(A, 6, 0, 0, 0xa));
    assertGood(prout(B, 6, 0, 0, 0xb));
    assertGood(prout(A, 1, 5, 0xa, 0));
    assertGood(prout(A, 0, 0, 0xa, 0)); // REGISTER with service action key 0: unregister
    assertAttention(run(B, testUnitReady()), 0x2a, 0x04);
  }

  @Test
  void theSameConditionQueuesOnce() {
    joined(A, B);
    for (int i = 0; i < 3; i++) {
      volume.blocks = 1024 + i + 1;
      assertGood(run(A, inquiry())); // notices the size without consuming the condition
    }
    assertThat(unit.pendingAttentions(A)).isEqualTo(1);
    assertThat(unit.pendingAttentions(B)).isEqualTo(1);
  }
}
