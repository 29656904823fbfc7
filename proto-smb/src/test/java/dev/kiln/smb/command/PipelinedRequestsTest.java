package dev.kiln.smb.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.smb.fixture.Smb2TestClient;
import dev.kiln.smb.fixture.Smb2TestClient.Reply;
import dev.kiln.smb.fixture.SmbFixture;
import dev.kiln.smb.protocol.NtStatus;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many requests outstanding on one connection, sent in one burst as smbclient pipelines its READs
 * and WRITEs: every one is answered once, with its own data, whatever order the answers come in; a
 * malformed or failing request among them gets its own error and disturbs none of the others; a
 * CLOSE sent behind them runs after them.
 */
class PipelinedRequestsTest {

  static final int READ_WRITE = 0x3 | 0x80 | 0x100 | 0x100000;
  static final int CHUNK = 256 << 10;
  static final int CHUNKS = 16;

  @TempDir Path dir;
  SmbFixture f;
  Smb2TestClient c;
  int tree;
  final byte[] data = new byte[CHUNK * CHUNKS];

  @BeforeEach
  void start() throws Exception {
    f = SmbFixture.start(dir);
    c = f.client();
    c.logon();
    tree = c.treeConnect("share").treeId();
    new Random(6).nextBytes(data);
  }

  @AfterEach
  void stop() throws Exception {
    c.close();
    f.close();
  }

  private byte[] createFile(String name) throws Exception {
    Reply r = c.create(tree, name, READ_WRITE, 7, 5, 0x40);
    assertThat(r.status()).isZero();
    return Smb2TestClient.fileId(r);
  }

  private static int charge(int length) {
    return Math.max(1, (length + 65535) / 65536);
  }

  /** Sends all messages in one write, then reads one reply per message, keyed by message id. */
  private Map<Long, Reply> burst(byte[]... messages) throws Exception {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] m : messages) {
      all.write(new byte[] {0, (byte) (m.length >>> 16), (byte) (m.length >>> 8), (byte) m.length});
      all.write(m);
    }
    c.sendRaw(all.toByteArray());
    Map<Long, Reply> replies = new HashMap<>();
    while (replies.size() < messages.length) {
      Reply r = c.read();
      assertThat(r).as("reply %d of %d", replies.size() + 1, messages.length).isNotNull();
      assertThat(replies.put(r.messageId(), r)).as("second reply to %d", r.messageId()).isNull();
    }
    return replies;
  }

  private static long messageId(byte[] message) {
    long id = 0;
    for (int i = 7; i >= 0; i--) {
      id = id << 8 | (message[24 + i] & 0xff);
    }
    return id;
  }

  @Test
  void outstandingReadsAreEachAnsweredWithTheirOwnData() throws Exception {
    byte[] id = createFile("pipelined.bin");
    assertThat(c.write(tree, id, 0, data).status()).isZero();
    byte[][] reads = new byte[CHUNKS][];
    for (int i = 0; i < CHUNKS; i++) {
      // Backwards, so that an in-order server and a concurrent one are both checked per chunk.
      int chunk = CHUNKS - 1 - i;
      reads[i] =
          c.message(
              8, tree, charge(CHUNK), Smb2TestClient.readBody(id, (long) chunk * CHUNK, CHUNK));
    }
    byte[] close = c.message(6, tree, 1, closeBody(id));
    byte[][] all = Arrays.copyOf(reads, CHUNKS + 1);
    all[CHUNKS] = close;
    Map<Long, Reply> replies = burst(all);
    for (int i = 0; i < CHUNKS; i++) {
      int chunk = CHUNKS - 1 - i;
      Reply r = replies.get(messageId(reads[i]));
      assertThat(r.status()).as("read of chunk %d", chunk).isZero();
      assertThat(Smb2TestClient.readData(r))
          .as("chunk %d", chunk)
          .isEqualTo(Arrays.copyOfRange(data, chunk * CHUNK, (chunk + 1) * CHUNK));
    }
    // The CLOSE waited for the READs ahead of it: they all succeeded, and then it did.
    assertThat(replies.get(messageId(close)).status()).isZero();
    assertThat(f.server().openFiles()).isZero();
  }

  @Test
  void outstandingWritesAllLand() throws Exception {
    byte[] id = createFile("written.bin");
    byte[][] writes = new byte[CHUNKS][];
    for (int i = 0; i < CHUNKS; i++) {
      byte[] part = Arrays.copyOfRange(data, i * CHUNK, (i + 1) * CHUNK);
      writes[i] =
          c.message(9, tree, charge(CHUNK), Smb2TestClient.writeBody(id, (long) i * CHUNK, part));
    }
    Map<Long, Reply> replies = burst(writes);
    for (byte[] w : writes) {
      Reply r = replies.get(messageId(w));
      assertThat(r.status()).isZero();
      assertThat(r.u32(64 + 4)).as("count").isEqualTo(CHUNK);
    }
    Reply back = c.read(tree, id, 0, data.length);
    assertThat(back.status()).isZero();
    assertThat(Smb2TestClient.readData(back)).isEqualTo(data);
    assertThat(c.close(tree, id).status()).isZero();
  }

  @Test
  void aMalformedOrFailingRequestAmongOutstandingReadsDisturbsNoOther() throws Exception {
    byte[] id = createFile("mixed.bin");
    assertThat(c.write(tree, id, 0, data).status()).isZero();
    byte[] good1 = c.message(8, tree, charge(CHUNK), Smb2TestClient.readBody(id, 0, CHUNK));
    byte[] badSize = Smb2TestClient.readBody(id, CHUNK, CHUNK);
    badSize[0] = 7; // StructureSize must be 49
    byte[] malformed = c.message(8, tree, charge(CHUNK), badSize);
    byte[] unknown = new byte[16];
    Arrays.fill(unknown, (byte) 0x5A);
    byte[] closedHandle =
        c.message(8, tree, charge(CHUNK), Smb2TestClient.readBody(unknown, 0, CHUNK));
    byte[] pastEnd =
        c.message(8, tree, 1, Smb2TestClient.readBody(id, (long) data.length + 10, 100));
    byte[] truncated = Arrays.copyOf(c.message(8, tree, 1, new byte[0]), 70);
    byte[] undercharged =
        c.message(8, tree, 1, Smb2TestClient.readBody(id, 2L * CHUNK, CHUNK)); // needs 4 credits
    byte[] good2 =
        c.message(8, tree, charge(CHUNK), Smb2TestClient.readBody(id, 3L * CHUNK, CHUNK));
    Map<Long, Reply> replies =
        burst(good1, malformed, closedHandle, pastEnd, truncated, undercharged, good2);
    assertThat(replies.get(messageId(good1)).status()).isZero();
    assertThat(Smb2TestClient.readData(replies.get(messageId(good1))))
        .isEqualTo(Arrays.copyOfRange(data, 0, CHUNK));
    assertThat(replies.get(messageId(malformed)).status()).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(replies.get(messageId(closedHandle)).status()).isEqualTo(NtStatus.FILE_CLOSED);
    assertThat(replies.get(messageId(pastEnd)).status()).isEqualTo(NtStatus.END_OF_FILE);
    assertThat(replies.get(messageId(truncated)).status()).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(replies.get(messageId(undercharged)).status()).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(replies.get(messageId(good2)).status()).isZero();
    assertThat(Smb2TestClient.readData(replies.get(messageId(good2))))
        .isEqualTo(Arrays.copyOfRange(data, 3 * CHUNK, 4 * CHUNK));
    // The connection still serves.
    Reply again = c.read(tree, id, CHUNK, 16);
    assertThat(again.status()).isZero();
    assertThat(Smb2TestClient.readData(again))
        .isEqualTo(Arrays.copyOfRange(data, CHUNK, CHUNK + 16));
    assertThat(c.close(tree, id).status()).isZero();
  }

  @Test
  void aFramingViolationAmongOutstandingReadsClosesOnlyThatConnection() throws Exception {
    byte[] id = createFile("violation.bin");
    assertThat(c.write(tree, id, 0, data).status()).isZero();
    byte[] good = c.message(8, tree, charge(CHUNK), Smb2TestClient.readBody(id, 0, CHUNK));
    byte[] reused = good.clone(); // the same message id again: outside the credit window
    try (Smb2TestClient other = f.client()) {
      other.logon();
      int otherTree = other.treeConnect("share").treeId();
      c.sendFrame(good);
      c.sendFrame(reused);
      assertThat(c.closedByServer()).isTrue();
      Reply r = other.create(otherTree, "still.txt", READ_WRITE, 7, 5, 0x40);
      assertThat(r.status()).isZero();
      assertThat(other.close(otherTree, Smb2TestClient.fileId(r)).status()).isZero();
    }
  }

  private static byte[] closeBody(byte[] fileId) {
    byte[] b = new byte[24];
    b[0] = 24;
    System.arraycopy(fileId, 0, b, 8, 16);
    return b;
  }
}
