package dev.kiln.smb.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.smb.fixture.Smb2TestClient;
import dev.kiln.smb.fixture.Smb2TestClient.Reply;
import dev.kiln.smb.fixture.SmbFixture;
import dev.kiln.smb.protocol.SmbWriter;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random, truncated and oversized input to the framing, the SMB2 header and every request parser:
 * each gets an error response or a closed connection, the server keeps serving, and nothing stays
 * open once the connections are gone.
 */
class MalformedInputTest {

  @TempDir Path dir;
  SmbFixture f;
  final Random random = new Random(20261203);

  @BeforeEach
  void start() throws Exception {
    f = SmbFixture.start(dir);
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  /** A client that negotiated, logged on and connected to "share"; returns the tree id. */
  private int ready(Smb2TestClient c) throws IOException {
    c.logon();
    return c.treeConnect("share").treeId();
  }

  private void assertStillServes() throws Exception {
    try (Smb2TestClient c = f.client()) {
      int tree = ready(c);
      Reply r = c.create(tree, "alive-" + random.nextInt(1_000_000) + ".txt", 0x3 | 0x80, 7, 2, 0);
      assertThat(r.status()).isZero();
      assertThat(c.close(tree, Smb2TestClient.fileId(r)).status()).isZero();
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> f.server().openFiles() == 0);
  }

  /** Either the server answered with an SMB2 message or it closed; a hang fails the test. */
  private static void answeredOrClosed(Smb2TestClient c) throws IOException {
    byte[] frame = c.readFrame();
    if (frame != null) {
      assertThat(frame.length).isGreaterThanOrEqualTo(64);
      assertThat(frame[0] & 0xff).isEqualTo(0xFE);
    }
  }

  @Test
  void randomBytesOnBothPortsCloseTheConnection() throws Exception {
    for (String port : new String[] {"smb", "netbios"}) {
      for (int i = 0; i < 40; i++) {
        byte[] junk = new byte[1 + random.nextInt(300)];
        random.nextBytes(junk);
        try (Socket s = new Socket("127.0.0.1", f.server().ports().get(port))) {
          s.setSoTimeout(20_000);
          s.getOutputStream().write(junk);
          s.shutdownOutput();
          // Whatever the server makes of it, it must end the connection (EOF), never hang.
          while (s.getInputStream().read() >= 0) {
            // Drain (a NetBIOS positive response or an SMB error may come first).
          }
        }
      }
    }
    assertStillServes();
  }

  @Test
  void oversizedAndTruncatedFrames() throws Exception {
    try (Smb2TestClient c = f.client()) {
      // A length prefix announcing the maximum, then nothing: the server waits for the body and
      // sees EOF when we close; another frame declares 16 MiB - 1 of which few bytes arrive.
      c.sendRaw(new byte[] {0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3});
    }
    try (Smb2TestClient c = f.client()) {
      c.sendRaw(new byte[] {5, 0, 0, 4, 1, 2, 3, 4});
      assertThat(c.closedByServer()).isTrue();
    }
    try (Socket s = new Socket("127.0.0.1", f.server().ports().get("netbios"))) {
      s.setSoTimeout(20_000);
      // Packet type 0x83 (NEGATIVE SESSION RESPONSE) is never sent to a server (RFC 1002 §4.3).
      s.getOutputStream().write(new byte[] {(byte) 0x83, 0, 0, 1, 0});
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
    assertStillServes();
  }

  @Test
  void netbiosSessionThenSmb2() throws Exception {
    try (Socket s = new Socket("127.0.0.1", f.server().ports().get("netbios"))) {
      s.setSoTimeout(20_000);
      byte[] names = new byte[68];
      Arrays.fill(names, (byte) 'A');
      names[0] = 32;
      names[33] = 0;
      names[34] = 32;
      names[67] = 0;
      SmbWriter w = new SmbWriter(80);
      w.u8(0x81).u8(0).u8(0).u8(names.length).bytes(names);
      s.getOutputStream().write(w.toByteArray());
      byte[] resp = s.getInputStream().readNBytes(4);
      assertThat(resp[0] & 0xff).as("POSITIVE SESSION RESPONSE").isEqualTo(0x82);
      s.getOutputStream().write(new byte[] {(byte) 0x85, 0, 0, 0});
      SmbWriter neg = new SmbWriter(128);
      neg.u32(0x424D53FE)
          .u16(64)
          .u16(0)
          .u32(0)
          .u16(0)
          .u16(1)
          .u32(0)
          .u32(0)
          .u64(0)
          .u32(0)
          .u32(0)
          .u64(0)
          .zeros(16);
      neg.u16(36).u16(1).u16(1).u16(0).u32(0).zeros(16).u64(0).u16(0x210);
      byte[] m = neg.toByteArray();
      s.getOutputStream().write(new byte[] {0, 0, 0, (byte) m.length});
      s.getOutputStream().write(m);
      byte[] hdr = s.getInputStream().readNBytes(4);
      int len = (hdr[1] & 0xff) << 16 | (hdr[2] & 0xff) << 8 | (hdr[3] & 0xff);
      byte[] body = s.getInputStream().readNBytes(len);
      Reply r = Smb2TestClient.parse(body, 0);
      assertThat(r.status()).isZero();
      assertThat(r.u16(64 + 4)).isEqualTo(0x210);
    }
  }

  @Test
  void randomHeadersGetAnErrorOrAClose() throws Exception {
    for (int i = 0; i < 60; i++) {
      try (Smb2TestClient c = f.client()) {
        ready(c);
        byte[] msg = new byte[64 + random.nextInt(200)];
        random.nextBytes(msg);
        msg[0] = (byte) 0xFE;
        msg[1] = 'S';
        msg[2] = 'M';
        msg[3] = 'B';
        if (random.nextBoolean()) {
          msg[4] = 64;
          msg[5] = 0;
        }
        c.sendFrame(random.nextBoolean() ? msg : Arrays.copyOf(msg, random.nextInt(64)));
        answeredOrClosed(c);
      }
    }
    assertStillServes();
  }

  @Test
  void everyCommandParserSurvivesRandomAndTruncatedBodies() throws Exception {
    Smb2TestClient c = f.client();
    int tree = ready(c);
    Reply created = c.create(tree, "victim.bin", 0x3 | 0x80 | 0x10000, 7, 2, 0);
    byte[] fileId = Smb2TestClient.fileId(created);
    try {
      for (int command = 0; command <= 0x13; command++) {
        for (int i = 0; i < 60; i++) {
          if (command == 0 || command == 2 || command == 12) {
            continue; // a second NEGOTIATE closes and CANCEL has no reply, by design; LOGOFF
            // would end the session
          }
          byte[] body = new byte[random.nextInt(i < 30 ? 140 : 600)];
          random.nextBytes(body);
          if (body.length >= 2 && random.nextInt(3) > 0) {
            int size = structureSize(command);
            body[0] = (byte) size;
            body[1] = (byte) (size >> 8);
          }
          if (random.nextBoolean() && command >= 5 && body.length >= 40) {
            // Point FileId fields at the real open now and then, so deeper code runs.
            int at = fileIdOffset(command);
            if (at >= 0 && body.length >= at + 16) {
              System.arraycopy(fileId, 0, body, at, 16);
            }
          }
          try {
            c.sendFrame(c.message(command, tree, 1 + random.nextInt(3), body));
            answeredOrClosed(c);
          } catch (IOException closed) {
            // A closed connection is an acceptable answer.
          }
          if (c.closedNow()) {
            c.close();
            c = f.client();
            tree = ready(c);
            created = c.create(tree, "victim.bin", 0x3 | 0x80, 7, 3, 0);
            fileId = Smb2TestClient.fileId(created);
          }
        }
      }
    } finally {
      c.close();
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> f.server().openFiles() == 0);
    assertStillServes();
  }

  @Test
  void randomEaListsInSetInfoQueryInfoAndCreateGetAnError() throws Exception {
    try (Smb2TestClient c = f.client()) {
      int tree = ready(c);
      byte[] id = Smb2TestClient.fileId(c.create(tree, "ea.bin", 0x3 | 0x8 | 0x10 | 0x80, 7, 2, 0));
      for (int i = 0; i < 300; i++) {
        byte[] list = new byte[random.nextInt(i < 150 ? 40 : 400)];
        random.nextBytes(list);
        if (list.length >= 8 && random.nextBoolean()) {
          list[0] = list[1] = list[2] = list[3] = list[4] = 0;
        }
        Reply set = c.setInfo(tree, id, 1, 15, list);
        assertThat(set.command()).isEqualTo(17);
        Reply query = c.queryInfo(tree, id, 1, 15, random.nextInt(300));
        assertThat(query.command()).isEqualTo(16);
        Reply named = c.call(16, tree, queryWithInput(id, list));
        assertThat(named.command()).isEqualTo(16);
        SmbWriter ctx = new SmbWriter(64);
        ctx.u32(0).u16(16).u16(4).u16(0).u16(24).u32(list.length);
        ctx.bytes("ExtA".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).zeros(4);
        ctx.bytes(list);
        Reply created =
            c.call(5, tree, Smb2TestClient.createBody("x" + i, 0x3, 7, 5, 0, ctx.toByteArray()));
        if (created.status() == 0) {
          c.close(tree, Smb2TestClient.fileId(created));
        }
      }
      c.close(tree, id);
    }
    assertStillServes();
  }

  @Test
  void randomCopyChunkRequestsGetAnError() throws Exception {
    try (Smb2TestClient c = f.client()) {
      int tree = ready(c);
      byte[] src = Smb2TestClient.fileId(c.create(tree, "cc.bin", 0x3 | 0x80, 7, 2, 0));
      c.write(tree, src, 0, new byte[10_000]);
      byte[] dst = Smb2TestClient.fileId(c.create(tree, "cc2.bin", 0x3 | 0x80, 7, 2, 0));
      byte[] key = c.call(11, tree, ioctlBody(0x00140078, src, new byte[0], 32)).bytes(112, 24);
      for (int i = 0; i < 300; i++) {
        byte[] input = new byte[random.nextInt(i < 150 ? 80 : 400)];
        random.nextBytes(input);
        if (input.length >= 32 && random.nextBoolean()) {
          System.arraycopy(key, 0, input, 0, 24);
          input[24] = (byte) random.nextInt(20);
          input[25] = input[26] = input[27] = 0;
        }
        int ctl = random.nextBoolean() ? 0x001440F2 : 0x001480F2;
        Reply r = c.call(11, tree, ioctlBody(ctl, dst, input, random.nextInt(40)));
        assertThat(r.command()).isEqualTo(11);
      }
      c.close(tree, src);
      c.close(tree, dst);
    }
    assertStillServes();
  }

  private static byte[] ioctlBody(int ctl, byte[] fileId, byte[] input, int maxOut) {
    SmbWriter w = new SmbWriter(64 + input.length);
    w.u16(57).u16(0).u32(ctl).bytes(fileId);
    w.u32(64 + 56).u32(input.length).u32(0).u32(0).u32(0).u32(maxOut).u32(1).u32(0);
    w.bytes(input);
    return w.toByteArray();
  }

  /** A QUERY_INFO of FileFullEaInformation carrying {@code input} as its EA name list. */
  private static byte[] queryWithInput(byte[] fileId, byte[] input) {
    SmbWriter w = new SmbWriter(48 + input.length);
    w.u16(41).u8(1).u8(15).u32(1024).u16(64 + 40).u16(0).u32(input.length).u32(0).u32(0);
    w.bytes(fileId).bytes(input);
    return w.toByteArray();
  }

  @Test
  void truncatedValidRequestsAreRefused() throws Exception {
    byte[] create = Smb2TestClient.createBody("t.txt", 0x3, 7, 3, 0, null);
    for (int len = 0; len < create.length; len++) {
      try (Smb2TestClient c = f.client()) {
        int tree = ready(c);
        Reply r = c.call(5, tree, Arrays.copyOf(create, len));
        assertThat(r.status()).as("CREATE truncated to %d", len).isNotZero();
      }
    }
    assertStillServes();
  }

  private static int structureSize(int command) {
    return switch (command) {
      case 0 -> 36;
      case 1 -> 25;
      case 3 -> 9;
      case 5 -> 57;
      case 6, 7 -> 24;
      case 8, 9 -> 49;
      case 10 -> 48;
      case 11 -> 57;
      case 14 -> 33;
      case 15 -> 32;
      case 16 -> 41;
      case 17 -> 33;
      case 18 -> 24;
      default -> 4;
    };
  }

  private static int fileIdOffset(int command) {
    return switch (command) {
      case 6, 7 -> 8;
      case 8, 9 -> 16;
      case 10 -> 8;
      case 11 -> 8;
      case 14 -> 8;
      case 15 -> 8;
      case 16 -> 24;
      case 17 -> 16;
      case 18 -> 8;
      default -> -1;
    };
  }
}
