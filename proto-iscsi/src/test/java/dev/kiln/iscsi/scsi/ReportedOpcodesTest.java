package dev.kiln.iscsi.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.api.block.VolumeIdentity;
import dev.kiln.iscsi.scsi.CommandTable.Command;
import dev.kiln.testkit.memory.MemoryBlockVolume;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * REPORT SUPPORTED OPERATION CODES tells the truth (SPC-4 §6.35): every reported command is
 * implemented, and every other operation code (WRITE ATOMIC, EXTENDED COPY, SANITIZE...) is refused
 * with INVALID COMMAND OPERATION CODE, or INVALID FIELD IN CDB for an unknown service action.
 */
class ReportedOpcodesTest {

  private static final Nexus NEXUS = new Nexus("iqn.test,i,0x1", "iqn.test");

  private final LogicalUnit unit =
      new LogicalUnit(
          new MemoryBlockVolume(new VolumeIdentity(3, "ops"), 512, 2048),
          UnitIdentity.fromGuid(3, "ops", "iqn.test", 1));

  private ScsiResponse run(byte[] cdb) {
    return unit.execute(new ScsiRequest(cdb, ByteBuffer.allocate(4096), 4096, NEXUS));
  }

  private static boolean invalidOpcode(ScsiResponse r) {
    return r.sense() != null
        && r.sense().key() == SenseData.ILLEGAL_REQUEST
        && r.sense().asc() == 0x20
        && r.sense().ascq() == 0x00;
  }

  /** The opcodes REPORT SUPPORTED OPERATION CODES lists, read from its answer. */
  private Set<Integer> reported() {
    byte[] cdb = new byte[12];
    cdb[0] = (byte) 0xa3;
    cdb[1] = 0x0c;
    Cdb.put32(cdb, 6, 8192);
    ScsiResponse r = run(cdb);
    assertThat(r.status()).isEqualTo(ScsiStatus.GOOD);
    ByteBuffer b = r.dataIn();
    int length = b.getInt(b.position());
    Set<Integer> out = new HashSet<>();
    for (int p = 4; p < 4 + length; p += 8) {
      out.add(b.get(b.position() + p) & 0xff);
    }
    return out;
  }

  @Test
  void everyReportedCommandIsImplemented() {
    Set<Integer> reported = reported();
    assertThat(reported)
        .hasSize((int) CommandTable.COMMANDS.stream().map(Command::opcode).distinct().count());
    for (Command c : CommandTable.COMMANDS) {
      if (c.opcode() == 0xa0) {
        continue; // REPORT LUNS is answered by the target for every LUN
      }
      byte[] cdb = new byte[Math.max(16, c.cdbLength())];
      cdb[0] = (byte) c.opcode();
      if (c.serviceAction() >= 0) {
        cdb[1] = (byte) c.serviceAction();
      }
      ScsiResponse r = run(cdb);
      assertThat(invalidOpcode(r)).as("opcode 0x%02x/%d", c.opcode(), c.serviceAction()).isFalse();
    }
  }

  @Test
  void everyOtherOperationCodeIsRefusedAsInvalid() {
    Set<Integer> reported = reported();
    for (int op = 0; op < 256; op++) {
      if (reported.contains(op)) {
        continue;
      }
      byte[] cdb = new byte[16];
      cdb[0] = (byte) op;
      assertThat(invalidOpcode(run(cdb))).as("opcode 0x%02x", op).isTrue();
    }
    // The ones an initiator may probe for: WRITE ATOMIC(16), EXTENDED COPY, RECEIVE COPY RESULTS,
    // SANITIZE, WRITE SAME(32) and friends (0x7f) are among them.
    assertThat(reported).doesNotContain(0x9c, 0x83, 0x84, 0x48, 0x7f);
  }

  @Test
  void anUnknownServiceActionOfAKnownOpcodeIsAnInvalidField() {
    byte[] cdb = new byte[16];
    cdb[0] = (byte) 0x9e;
    cdb[1] = 0x1f;
    ScsiResponse r = run(cdb);
    assertThat(r.sense().key()).isEqualTo(SenseData.ILLEGAL_REQUEST);
    assertThat(r.sense().asc()).isEqualTo(0x24);
  }
}
