package dev.kiln.iscsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.iscsi.pdu.Opcode;
import dev.kiln.iscsi.pdu.Pdu;
import dev.kiln.iscsi.pdu.PduReader;
import dev.kiln.iscsi.pdu.PduWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Malformed input over real sockets (random bytes, random PDUs after a valid login, truncated and
 * oversized segments): the target answers with a Reject, a SCSI error or a dropped connection, and
 * keeps serving well-formed logins afterwards without leaking sessions.
 */
class PduFuzzIT {

  private static MemoryTarget target;

  @BeforeAll
  static void start() throws Exception {
    target = new MemoryTarget(2048, null, Set.of());
  }

  @AfterAll
  static void stop() throws Exception {
    target.close();
  }

  private static SocketChannel connect() throws IOException {
    SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", target.port()));
    ch.setOption(StandardSocketOptions.SO_LINGER, 0);
    return ch;
  }

  /** Logs in straight to the full feature phase; returns the login response. */
  private static Pdu login(SocketChannel ch, String initiator) throws IOException {
    return RawLogin.login(
        new PduReader(ch, 1 << 16), new PduWriter(ch), initiator, 0x400001370000L);
  }

  /** Reads until the target closes the connection or answers; true if it closed. */
  private static boolean drainUntilClosedOrQuiet(SocketChannel ch) throws IOException {
    ch.configureBlocking(true);
    ch.socket().setSoTimeout(0);
    ByteBuffer b = ByteBuffer.allocate(65536);
    ch.shutdownOutput();
    while (true) {
      b.clear();
      int n;
      try {
        n = ch.read(b);
      } catch (IOException reset) {
        return true;
      }
      if (n < 0) {
        return true;
      }
    }
  }

  @Test
  void wellFormedLoginWorks() throws IOException {
    try (SocketChannel ch = connect()) {
      Pdu resp = login(ch, "iqn.2026-12.dev.kiln:fuzz-probe");
      assertThat(resp.opcode()).isEqualTo(Opcode.LOGIN_RESPONSE);
      assertThat(resp.u16(36)).isZero();
      assertThat(resp.u8(1) & 0x03).isEqualTo(3);
    }
  }

  @Test
  void randomBytesBeforeLoginDropTheConnection() throws IOException {
    Random random = new Random(1);
    for (int i = 0; i < 200; i++) {
      try (SocketChannel ch = connect()) {
        byte[] junk = new byte[1 + random.nextInt(300)];
        random.nextBytes(junk);
        ch.write(ByteBuffer.wrap(junk));
        assertThat(drainUntilClosedOrQuiet(ch)).isTrue();
      }
    }
    wellFormedLoginWorks();
  }

  @Test
  void randomPdusAfterLoginAreRejectedOrDropped() throws IOException {
    Random random = new Random(2);
    int[] opcodes = {
      Opcode.NOP_OUT,
      Opcode.SCSI_COMMAND,
      Opcode.TASK_MGMT_REQUEST,
      Opcode.TEXT_REQUEST,
      Opcode.DATA_OUT,
      Opcode.SNACK_REQUEST,
      0x1f,
      Opcode.LOGIN_REQUEST
    };
    for (int i = 0; i < 300; i++) {
      try (SocketChannel ch = connect()) {
        login(ch, "iqn.2026-12.dev.kiln:fuzz-" + (i % 7));
        for (int k = 0; k < 5; k++) {
          byte[] header = new byte[48];
          random.nextBytes(header);
          header[0] = (byte) (opcodes[random.nextInt(opcodes.length)] | (header[0] & 0x40));
          header[4] = random.nextInt(4) == 0 ? header[4] : 0;
          int len = random.nextInt(3) == 0 ? random.nextInt(1 << 20) : random.nextInt(600);
          header[5] = (byte) (len >>> 16);
          header[6] = (byte) (len >>> 8);
          header[7] = (byte) len;
          byte[] body = new byte[Math.min(len + 3 & ~3, 4096)];
          random.nextBytes(body);
          try {
            ch.write(ByteBuffer.wrap(header));
            ch.write(ByteBuffer.wrap(body));
          } catch (IOException closed) {
            break;
          }
        }
        drainUntilClosedOrQuiet(ch);
      }
    }
    wellFormedLoginWorks();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(target.server().sessionCount()).isZero());
  }

  @Test
  void truncatedAndOversizedSegments() throws IOException {
    try (SocketChannel ch = connect()) {
      login(ch, "iqn.2026-12.dev.kiln:fuzz-oversized");
      Pdu nop = Pdu.create(0x40 | Opcode.NOP_OUT).u8(1, 0x80).i32(16, 9).i32(20, -1);
      nop.data(ByteBuffer.allocate(1 << 20));
      // A megabyte is above our MaxRecvDataSegmentLength: the connection is dropped.
      try {
        new PduWriter(ch).write(nop);
      } catch (IOException closed) {
        // the target may close while we still write
      }
      assertThat(drainUntilClosedOrQuiet(ch)).isTrue();
    }
    try (SocketChannel ch = connect()) {
      login(ch, "iqn.2026-12.dev.kiln:fuzz-truncated");
      byte[] half = new byte[30];
      half[0] = Opcode.SCSI_COMMAND;
      ch.write(ByteBuffer.wrap(half));
      assertThat(drainUntilClosedOrQuiet(ch)).isTrue();
    }
    wellFormedLoginWorks();
  }
}
