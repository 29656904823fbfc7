package dev.kiln.iscsi.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.api.block.VolumeIdentity;
import dev.kiln.testkit.memory.MemoryBlockVolume;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** GET LBA STATUS (SBC-3 §5.16) over a volume that tracks which blocks hold data. */
class GetLbaStatusTest {

  private static final Nexus NEXUS = new Nexus("iqn.test,i,0x1", "iqn.test");
  private static final int BLOCK = 512;
  private static final long BLOCKS = 1024;

  private final MemoryBlockVolume volume =
      new MemoryBlockVolume(new VolumeIdentity(9, "lbas"), BLOCK, BLOCKS);
  private final LogicalUnit unit =
      new LogicalUnit(volume, UnitIdentity.fromGuid(9, "lbas", "iqn.test", 1));

  private ScsiResponse getLbaStatus(long lba, long alloc) {
    byte[] cdb = new byte[16];
    cdb[0] = (byte) 0x9e;
    cdb[1] = 0x12;
    Cdb.put64(cdb, 2, lba);
    Cdb.put32(cdb, 10, alloc);
    return unit.execute(new ScsiRequest(cdb, ByteBuffer.allocate(0), (int) alloc, NEXUS));
  }

  /** The descriptors as {lba, blocks, status}. */
  private static long[][] descriptors(ScsiResponse r) {
    ByteBuffer b = r.dataIn().duplicate();
    int length = b.getInt(b.position());
    assertThat((length - 4) % 16).isZero();
    long[][] out = new long[Math.min((length - 4) / 16, (b.remaining() - 8) / 16)][];
    for (int i = 0; i < out.length; i++) {
      int at = b.position() + 8 + 16 * i;
      out[i] = new long[] {b.getLong(at), b.getInt(at + 8) & 0xffffffffL, b.get(at + 12) & 0x0f};
    }
    return out;
  }

  @Test
  void runsOfMappedAndDeallocatedBlocksFollowWritesAndUnmaps() throws Exception {
    volume.write(0, ByteBuffer.allocate(100 * BLOCK), false);
    volume.unmap(10, 5);
    ScsiResponse r = getLbaStatus(0, 8 + 16 * 8);
    assertThat(r.status()).isEqualTo(ScsiStatus.GOOD);
    assertThat(descriptors(r))
        .isDeepEqualTo(new long[][] {{0, 10, 0}, {10, 5, 1}, {15, 85, 0}, {100, BLOCKS - 100, 1}});
  }

  @Test
  void theAllocationLengthLimitsTheDescriptorsButNotTheDeclaredLength() throws Exception {
    volume.write(0, ByteBuffer.allocate(10 * BLOCK), false);
    ScsiResponse r = getLbaStatus(5, 24);
    assertThat(r.dataIn().remaining()).isEqualTo(24);
    assertThat(descriptors(r)).isDeepEqualTo(new long[][] {{5, 5, 0}});
    assertThat(getLbaStatus(5, 0).dataIn().remaining()).isZero();
  }

  @Test
  void aStartingLbaPastTheEndIsOutOfRange() {
    ScsiResponse r = getLbaStatus(BLOCKS, 24);
    assertThat(r.status()).isEqualTo(ScsiStatus.CHECK_CONDITION);
    assertThat(r.sense().asc()).isEqualTo(0x21);
    assertThat(getLbaStatus(-1L, 24).status()).isEqualTo(ScsiStatus.CHECK_CONDITION);
  }
}
