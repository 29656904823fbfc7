package dev.kiln.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.iscsi.pdu.Opcode;
import dev.kiln.iscsi.pdu.Pdu;
import dev.kiln.iscsi.pdu.PduReader;
import dev.kiln.iscsi.pdu.PduWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Unit attentions through the transport (SAM-5 §5.14): a new session's first command reports POWER
 * ON, RESET; a LUN reset by one session is reported to the other one only. Raw PDUs over a socket,
 * so the exact sense bytes are visible.
 */
class UnitAttentionIT {

  private static MemoryTarget target;

  @BeforeAll
  static void start() throws Exception {
    target = new MemoryTarget(2048, null, Set.of());
  }

  @AfterAll
  static void stop() throws Exception {
    target.close();
  }

  /** One logged-in session on one connection. */
  private static final class Session implements AutoCloseable {
    final SocketChannel ch;
    final PduReader in;
    final PduWriter out;
    int cmdSn;
    int expStatSn;
    int itt = 100;

    Session(String initiator, long isid) throws IOException {
      ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", target.port()));
      in = new PduReader(ch, 1 << 16);
      out = new PduWriter(ch);
      Pdu resp = RawLogin.login(in, out, initiator, isid);
      assertThat(resp.opcode()).isEqualTo(Opcode.LOGIN_RESPONSE);
      assertThat(resp.u16(36)).as("login status").isZero();
      assertThat(resp.u8(1) & 0x03).isEqualTo(3);
      cmdSn = resp.i32(28);
      expStatSn = resp.i32(24) + 1;
    }

    /** Sends TEST UNIT READY to LUN 0; returns {status, sense key, ASC, ASCQ}. */
    int[] testUnitReady() throws IOException {
      Pdu cmd = Pdu.create(Opcode.SCSI_COMMAND).u8(1, 0x80 | 0x01);
      cmd.i64(8, 0).i32(16, itt++).i32(20, 0).i32(24, cmdSn++).i32(28, expStatSn);
      out.write(cmd);
      Pdu resp = in.read();
      assertThat(resp.opcode()).isEqualTo(Opcode.SCSI_RESPONSE);
      expStatSn = resp.i32(24) + 1;
      int status = resp.u8(3);
      ByteBuffer data = resp.data();
      if (data.remaining() < 2 + 14) {
        return new int[] {status, -1, -1, -1};
      }
      int base = data.position() + 2;
      return new int[] {
        status, data.get(base + 2) & 0x0f, data.get(base + 12) & 0xff, data.get(base + 13) & 0xff
      };
    }

    /** LOGICAL UNIT RESET of LUN 0 (RFC 7143 §11.5.1); returns the response code. */
    int lunReset() throws IOException {
      Pdu tmf = Pdu.create(0x40 | Opcode.TASK_MGMT_REQUEST).u8(1, 0x80 | 5);
      tmf.i64(8, 0).i32(16, itt++).i32(20, -1).i32(24, cmdSn).i32(28, expStatSn);
      out.write(tmf);
      Pdu resp = in.read();
      assertThat(resp.opcode()).isEqualTo(Opcode.TASK_MGMT_RESPONSE);
      expStatSn = resp.i32(24) + 1;
      return resp.u8(2);
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }

  @Test
  void aNewSessionIsToldOfTheResetThenAnotherSessionsLunResetIsReportedToItOnly()
      throws IOException {
    try (Session a = new Session("iqn.2026-12.dev.kiln:ua-a", 0x400001370001L);
        Session b = new Session("iqn.2026-12.dev.kiln:ua-b", 0x400001370002L)) {
      // CHECK CONDITION, UNIT ATTENTION, POWER ON, RESET, OR BUS DEVICE RESET OCCURRED; then GOOD.
      assertThat(a.testUnitReady()).containsExactly(0x02, 0x06, 0x29, 0x00);
      assertThat(a.testUnitReady()).containsExactly(0x00, -1, -1, -1);
      assertThat(b.testUnitReady()).containsExactly(0x02, 0x06, 0x29, 0x00);
      assertThat(b.testUnitReady()).containsExactly(0x00, -1, -1, -1);

      assertThat(a.lunReset()).as("function complete").isZero();
      assertThat(a.testUnitReady()).containsExactly(0x00, -1, -1, -1);
      // BUS DEVICE RESET FUNCTION OCCURRED, once.
      assertThat(b.testUnitReady()).containsExactly(0x02, 0x06, 0x29, 0x03);
      assertThat(b.testUnitReady()).containsExactly(0x00, -1, -1, -1);
    }
  }
}
