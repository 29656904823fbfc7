package dev.kiln.smb.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.smb.fixture.Smb2TestClient;
import dev.kiln.smb.fixture.Smb2TestClient.Reply;
import dev.kiln.smb.fixture.SmbFixture;
import dev.kiln.smb.fscc.ExtendedAttributes;
import dev.kiln.smb.protocol.NtStatus;
import dev.kiln.smb.protocol.SmbWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SMB2 commands against a real engine through the test client. */
class Smb2CommandsTest {

  static final int GENERIC_ALL = 0x10000000;
  static final int READ_WRITE = 0x3 | 0x80 | 0x100 | 0x100000;
  static final int DELETE = 0x10000;
  static final int SHARE_ALL = 7;
  static final int OPEN = 1;
  static final int CREATE = 2;
  static final int OPEN_IF = 3;
  static final int OVERWRITE_IF = 5;
  static final int DIR = 1;
  static final int NON_DIR = 0x40;
  static final int DELETE_ON_CLOSE = 0x1000;

  @TempDir Path dir;
  SmbFixture f;
  Smb2TestClient c;
  int tree;

  @BeforeEach
  void start() throws Exception {
    f = SmbFixture.start(dir);
    c = f.client();
    c.logon();
    Reply t = c.treeConnect("share");
    assertThat(t.status()).isZero();
    tree = t.treeId();
  }

  @AfterEach
  void stop() throws Exception {
    c.close();
    f.close();
  }

  private byte[] create(String name, int access, int share, int disposition, int options)
      throws Exception {
    Reply r = c.create(tree, name, access, share, disposition, options);
    assertThat(r.status()).as("create %s", name).isZero();
    return Smb2TestClient.fileId(r);
  }

  @Test
  void negotiatesTheHighestCommonDialect() throws Exception {
    try (Smb2TestClient x = f.client()) {
      Reply r = x.negotiate(0x202, 0x210);
      assertThat(r.status()).isZero();
      assertThat(r.u16(64 + 4)).isEqualTo(0x210);
      assertThat(r.u32(64 + 24) & 0x4).as("LARGE_MTU").isEqualTo(4);
    }
    try (Smb2TestClient x = f.client()) {
      Reply r = x.negotiate(0x300, 0x311);
      assertThat(r.u16(64 + 4)).isEqualTo(0x311);
      assertThat(r.u16(64 + 6)).as("negotiate contexts").isGreaterThanOrEqualTo(1);
    }
    try (Smb2TestClient x = f.client()) {
      assertThat(x.negotiate(0x222).status()).isEqualTo(NtStatus.NOT_SUPPORTED);
    }
  }

  @Test
  void wrongCredentialsFailAndGuestsReachOnlyGuestShares() throws Exception {
    try (Smb2TestClient x = f.client()) {
      x.negotiate(0x311);
      assertThat(x.sessionSetup("alice:wrong").status()).isEqualTo(NtStatus.LOGON_FAILURE);
      assertThat(x.sessionSetup("guest").status()).isZero();
      assertThat(x.treeConnect("share").status()).isEqualTo(NtStatus.ACCESS_DENIED);
      assertThat(x.treeConnect("public").status()).isZero();
      assertThat(x.treeConnect("nosuch").status()).isEqualTo(NtStatus.BAD_NETWORK_NAME);
      assertThat(x.treeConnect("IPC$").status()).isZero();
    }
  }

  @Test
  void multiRoundSessionSetup() throws Exception {
    try (Smb2TestClient x = f.client()) {
      x.negotiate(0x311);
      Reply r = x.sessionSetup("two:alice:secret");
      assertThat(r.status()).isEqualTo(NtStatus.MORE_PROCESSING_REQUIRED);
      assertThat(x.sessionSetup("two:alice:secret").status()).isZero();
      assertThat(x.treeConnect("share").status()).isZero();
    }
  }

  @Test
  void writesAndReadsBackLargeData() throws Exception {
    byte[] id = create("big.bin", READ_WRITE, 0, CREATE, NON_DIR);
    byte[] data = new byte[3 << 20];
    new Random(1).nextBytes(data);
    assertThat(c.write(tree, id, 0, data).u32(64 + 4)).isEqualTo(data.length);
    Reply r = c.read(tree, id, 0, data.length);
    assertThat(r.status()).isZero();
    assertThat(Smb2TestClient.readData(r)).isEqualTo(data);
    assertThat(c.read(tree, id, data.length, 10).status()).isEqualTo(NtStatus.END_OF_FILE);
    Reply info = c.queryInfo(tree, id, 1, 5, 24);
    assertThat(info.u64(72 + 8)).as("EndOfFile").isEqualTo(data.length);
    Reply all = c.queryInfo(tree, id, 1, 18, 4096);
    assertThat(all.status()).isZero();
    String name = new String(all.bytes(72 + 100, all.u32(72 + 96)), StandardCharsets.UTF_16LE);
    assertThat(name).isEqualTo("\\big.bin");
    assertThat(c.close(tree, id).status()).isZero();
    assertThat(f.server().openFiles()).isZero();
  }

  @Test
  void basicInformationTimesAreReportedAsSet() throws Exception {
    byte[] id = create("times.txt", READ_WRITE, SHARE_ALL, CREATE, 0);
    c.write(tree, id, 0, new byte[] {1, 2, 3});
    long base = 134_000_000_000_000_000L;
    SmbWriter w = new SmbWriter(40);
    w.u64(base)
        .u64(base + 10_000_000)
        .u64(base + 20_000_000)
        .u64(base + 30_000_000)
        .u32(0x1)
        .u32(0);
    assertThat(c.setInfo(tree, id, 1, 4, w.toByteArray()).status()).isZero();
    SmbWriter normal = new SmbWriter(40);
    normal.zeros(32).u32(0x80).u32(0);
    assertThat(c.setInfo(tree, id, 1, 4, normal.toByteArray()).status()).isZero();
    Reply basic = c.queryInfo(tree, id, 1, 4, 40);
    assertThat(basic.u64(72)).isEqualTo(base);
    assertThat(basic.u64(80)).isEqualTo(base + 10_000_000);
    assertThat(basic.u64(88)).isEqualTo(base + 20_000_000);
    assertThat(basic.u64(96)).as("ChangeTime").isEqualTo(base + 30_000_000);
  }

  @Test
  void aChangeTimeSetByAClientIsStoredAndSticksThroughItsHandle() throws Exception {
    byte[] id = create("ctime.txt", READ_WRITE, SHARE_ALL, CREATE, 0);
    long ctime = 116_444_736_000_000_000L - 63_158_400L * 10_000_000L; // 1968
    SmbWriter w = new SmbWriter(40);
    w.zeros(24).u64(ctime).u32(0).u32(0);
    assertThat(c.setInfo(tree, id, 1, 4, w.toByteArray()).status()).isZero();
    f.clock().advance(Duration.ofSeconds(5));
    SmbWriter hidden = new SmbWriter(40);
    hidden.zeros(32).u32(0x2).u32(0);
    assertThat(c.setInfo(tree, id, 1, 4, hidden.toByteArray()).status()).isZero();
    assertThat(c.close(tree, id).status()).isZero();
    byte[] again = create("ctime.txt", READ_WRITE, SHARE_ALL, OPEN, 0);
    Reply basic = c.queryInfo(tree, again, 1, 4, 40);
    assertThat(basic.u64(96)).as("ChangeTime").isEqualTo(ctime);
    assertThat(basic.u32(104) & 0x2).as("HIDDEN").isEqualTo(0x2);
  }

  @Test
  void theWriteTimeMovesTwoSecondsAfterTheFirstWriteAndAgainAtTheClose() throws Exception {
    byte[] id = create("delayed.txt", READ_WRITE, SHARE_ALL, CREATE, 0);
    long created = c.queryInfo(tree, id, 1, 4, 40).u64(88);
    f.clock().advance(Duration.ofSeconds(1));
    c.write(tree, id, 0, new byte[] {1});
    assertThat(c.queryInfo(tree, id, 1, 4, 40).u64(88)).isEqualTo(created);
    f.clock().advance(Duration.ofSeconds(3));
    long updated = c.queryInfo(tree, id, 1, 4, 40).u64(88);
    assertThat(updated).isGreaterThan(created);
    c.write(tree, id, 1, new byte[] {2});
    f.clock().advance(Duration.ofSeconds(3));
    assertThat(c.queryInfo(tree, id, 1, 4, 40).u64(88)).isEqualTo(updated);
    f.clock().advance(Duration.ofSeconds(1));
    assertThat(c.close(tree, id).status()).isZero();
    byte[] again = create("delayed.txt", READ_WRITE, SHARE_ALL, OPEN, 0);
    assertThat(c.queryInfo(tree, again, 1, 4, 40).u64(88)).isGreaterThan(updated);
  }

  @Test
  void aFlushMakesThePendingWriteTimeUpdateHappen() throws Exception {
    byte[] id = create("flushed.txt", READ_WRITE, SHARE_ALL, CREATE, 0);
    long created = c.queryInfo(tree, id, 1, 4, 40).u64(88);
    f.clock().advance(Duration.ofSeconds(1));
    c.write(tree, id, 0, new byte[] {1});
    SmbWriter flush = new SmbWriter(24);
    flush.u16(24).u16(0).u32(0).bytes(id);
    assertThat(c.call(7, tree, flush.toByteArray()).status()).isZero();
    assertThat(c.queryInfo(tree, id, 1, 4, 40).u64(88)).isGreaterThan(created);
  }

  @Test
  void anAllocationSizeIsReportedWithoutChangingTheEndOfFile() throws Exception {
    byte[] id = create("alloc.bin", READ_WRITE, SHARE_ALL, CREATE, 0);
    SmbWriter alloc = new SmbWriter(8);
    alloc.u64(1000);
    assertThat(c.setInfo(tree, id, 1, 19, alloc.toByteArray()).status()).isZero();
    Reply standard = c.queryInfo(tree, id, 1, 5, 24);
    assertThat(standard.u64(72)).as("AllocationSize").isEqualTo(4096);
    assertThat(standard.u64(80)).as("EndOfFile").isZero();
    c.write(tree, id, 0, new byte[100]);
    SmbWriter shrink = new SmbWriter(8);
    shrink.u64(10);
    assertThat(c.setInfo(tree, id, 1, 19, shrink.toByteArray()).status()).isZero();
    assertThat(c.queryInfo(tree, id, 1, 5, 24).u64(80)).as("EndOfFile").isEqualTo(10);
  }

  @Test
  void extendedAttributesAreSetQueriedAndDeleted() throws Exception {
    byte[] id = create("ea.txt", READ_WRITE | 0x8 | 0x10, SHARE_ALL, CREATE, 0);
    assertThat(c.queryInfo(tree, id, 1, 15, 256).status()).isEqualTo(NtStatus.NO_EAS_ON_FILE);
    SmbWriter set = new SmbWriter(32);
    ExtendedAttributes.encode(
        set,
        List.of(
            new ExtendedAttributes.Ea(0, "one", "VALUE1".getBytes(StandardCharsets.US_ASCII)),
            new ExtendedAttributes.Ea(0, "TWO", "2".getBytes(StandardCharsets.US_ASCII))),
        Long.MAX_VALUE);
    assertThat(c.setInfo(tree, id, 1, 15, set.toByteArray()).status()).isZero();
    Reply all = c.queryInfo(tree, id, 1, 15, 256);
    assertThat(all.status()).isZero();
    List<ExtendedAttributes.Ea> eas =
        ExtendedAttributes.parseFull(all.bytes(72, all.u32(68)), 0, all.u32(68));
    assertThat(eas).extracting(ExtendedAttributes.Ea::name).containsExactly("ONE", "TWO");
    assertThat(c.queryInfo(tree, id, 1, 7, 4).u32(72)).as("EaSize").isEqualTo(all.u32(68));
    Reply small = c.queryInfo(tree, id, 1, 15, 20);
    assertThat(small.status()).isEqualTo(NtStatus.BUFFER_OVERFLOW);
    assertThat(c.queryInfo(tree, id, 1, 15, 8).status()).isEqualTo(NtStatus.BUFFER_TOO_SMALL);
    SmbWriter delete = new SmbWriter(16);
    ExtendedAttributes.encode(
        delete, List.of(new ExtendedAttributes.Ea(0, "ONE", new byte[0])), Long.MAX_VALUE);
    assertThat(c.setInfo(tree, id, 1, 15, delete.toByteArray()).status()).isZero();
    Reply left = c.queryInfo(tree, id, 1, 15, 256);
    assertThat(ExtendedAttributes.parseFull(left.bytes(72, left.u32(68)), 0, left.u32(68)))
        .extracting(ExtendedAttributes.Ea::name)
        .containsExactly("TWO");
    byte[] noEa = create("ea.txt", 0x1 | 0x80, SHARE_ALL, OPEN, 0);
    assertThat(c.queryInfo(tree, noEa, 1, 15, 256).status()).isEqualTo(NtStatus.ACCESS_DENIED);
    assertThat(c.setInfo(tree, noEa, 1, 15, set.toByteArray()).status())
        .isEqualTo(NtStatus.ACCESS_DENIED);
  }

  @Test
  void createContextTagsShorterThanFourBytesAreInvalid() throws Exception {
    for (String tag : List.of("x", "xxx", "xxxx", "xxxxxxxxxxxxxxxxx")) {
      byte[] name = tag.getBytes(StandardCharsets.US_ASCII);
      SmbWriter ctx = new SmbWriter(48);
      ctx.u32(0).u16(16).u16(name.length).u16(0).u16(0).u32(0).bytes(name);
      Reply r =
          c.call(
              5,
              tree,
              dev.kiln.smb.fixture.Smb2TestClient.createBody(
                  "ctx.txt", READ_WRITE, SHARE_ALL, OPEN_IF, 0, ctx.toByteArray()));
      if (name.length < 4) {
        assertThat(r.status()).as(tag).isEqualTo(NtStatus.INVALID_PARAMETER);
      } else {
        assertThat(r.status()).as(tag).isZero();
        c.close(tree, Smb2TestClient.fileId(r));
      }
    }
  }

  private Reply ioctl(int ctl, byte[] fileId, byte[] input, int maxOut) throws Exception {
    SmbWriter w = new SmbWriter(64 + input.length);
    w.u16(57).u16(0).u32(ctl).bytes(fileId);
    w.u32(64 + 56).u32(input.length).u32(0).u32(0).u32(0).u32(maxOut).u32(1).u32(0);
    w.bytes(input);
    return c.call(11, tree, w.toByteArray());
  }

  private static byte[] copyChunks(byte[] key, long[]... chunks) {
    SmbWriter w = new SmbWriter(32 + 24 * chunks.length);
    w.bytes(key).u32(chunks.length).u32(0);
    for (long[] chunk : chunks) {
      w.u64(chunk[0]).u64(chunk[1]).u32((int) chunk[2]).u32(0);
    }
    return w.toByteArray();
  }

  @Test
  void serverSideCopyCopiesChunksInOrderAndReportsWhatItWrote() throws Exception {
    byte[] src = create("cc-src.bin", READ_WRITE, SHARE_ALL, CREATE, 0);
    byte[] data = new byte[8192];
    new Random(7).nextBytes(data);
    c.write(tree, src, 0, data);
    byte[] dst = create("cc-dst.bin", READ_WRITE, SHARE_ALL, CREATE, 0);
    Reply key = ioctl(0x00140078, src, new byte[0], 32);
    assertThat(key.status()).isZero();
    assertThat(key.u32(100)).as("OutputCount").isEqualTo(32);
    byte[] resumeKey = key.bytes(112, 24);
    assertThat(ioctl(0x00140078, src, new byte[0], 32).bytes(112, 24)).isEqualTo(resumeKey);
    Reply copy =
        ioctl(
            0x001440F2,
            dst,
            copyChunks(resumeKey, new long[] {4096, 0, 4096}, new long[] {0, 4096, 4096}),
            12);
    assertThat(copy.status()).isZero();
    assertThat(copy.u32(112)).as("ChunksWritten").isEqualTo(2);
    assertThat(copy.u32(120)).as("TotalBytesWritten").isEqualTo(8192);
    byte[] back = Smb2TestClient.readData(c.read(tree, dst, 0, 8192));
    assertThat(Arrays.copyOfRange(back, 0, 4096)).isEqualTo(Arrays.copyOfRange(data, 4096, 8192));
    assertThat(Arrays.copyOfRange(back, 4096, 8192)).isEqualTo(Arrays.copyOfRange(data, 0, 4096));
    // A chunk reading past the source's end stops the copy after the chunks before it.
    Reply beyond =
        ioctl(
            0x001440F2,
            dst,
            copyChunks(resumeKey, new long[] {0, 0, 100}, new long[] {8000, 0, 1000}),
            12);
    assertThat(beyond.status()).isEqualTo(NtStatus.INVALID_VIEW_SIZE);
    assertThat(beyond.u32(112)).isEqualTo(1);
    assertThat(beyond.u32(120)).isEqualTo(100);
  }

  @Test
  void serverSideCopyRefusesBadKeysLimitsAndAccess() throws Exception {
    byte[] src = create("cc2-src.bin", READ_WRITE, SHARE_ALL, CREATE, 0);
    c.write(tree, src, 0, new byte[4096]);
    byte[] key = ioctl(0x00140078, src, new byte[0], 32).bytes(112, 24);
    byte[] dst = create("cc2-dst.bin", READ_WRITE, SHARE_ALL, CREATE, 0);
    assertThat(ioctl(0x001440F2, dst, copyChunks(new byte[24], new long[] {0, 0, 10}), 12).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    Reply zero = ioctl(0x001440F2, dst, copyChunks(key, new long[] {0, 0, 0}), 12);
    assertThat(zero.status()).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(zero.u32(112)).as("max chunks").isEqualTo(256);
    assertThat(zero.u32(116)).as("max chunk size").isEqualTo(1 << 20);
    assertThat(zero.u32(120)).as("max data size").isEqualTo(16 << 20);
    assertThat(ioctl(0x001440F2, dst, copyChunks(key, new long[] {0, 0, 10}), 11).status())
        .isEqualTo(NtStatus.INVALID_PARAMETER);
    byte[] writeOnly = create("cc2-dst.bin", 0x2 | 0x100000, SHARE_ALL, OPEN, 0);
    assertThat(ioctl(0x001440F2, writeOnly, copyChunks(key, new long[] {0, 0, 10}), 12).status())
        .as("COPYCHUNK needs read access to the target")
        .isEqualTo(NtStatus.ACCESS_DENIED);
    assertThat(ioctl(0x001480F2, writeOnly, copyChunks(key, new long[] {0, 0, 10}), 12).status())
        .as("COPYCHUNK_WRITE does not")
        .isZero();
    c.close(tree, src);
    assertThat(ioctl(0x001440F2, dst, copyChunks(key, new long[] {0, 0, 10}), 12).status())
        .as("the key dies with its open")
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
  }

  @Test
  void networkInterfacesNameTheAddressTheClientIsConnectedTo() throws Exception {
    byte[] noFile = new byte[16];
    Arrays.fill(noFile, (byte) 0xff);
    Reply r = ioctl(0x001401FC, noFile, new byte[0], 4096);
    assertThat(r.status()).isZero();
    assertThat(r.u32(100)).as("one entry for 127.0.0.1").isEqualTo(152);
    assertThat(r.u32(112)).as("Next").isZero();
    assertThat(r.u32(112 + 4)).as("IfIndex").isPositive();
    assertThat(r.u32(112 + 8)).as("no RSS, no RDMA").isZero();
    assertThat(r.u64(112 + 16)).as("LinkSpeed").isPositive();
    assertThat(r.bytes(112 + 24, 8)).containsExactly(2, 0, 0, 0, 127, 0, 0, 1);
    assertThat(ioctl(0x001401FC, noFile, new byte[0], 100).status())
        .isEqualTo(NtStatus.BUFFER_TOO_SMALL);
  }

  @Test
  void onlyFilesAreMadeSparseAndAppendAccessIsEnough() throws Exception {
    byte[] dir = create("sparse-dir", READ_WRITE, SHARE_ALL, CREATE, DIR);
    assertThat(ioctl(0x000900C4, dir, new byte[] {1}, 0).status())
        .isEqualTo(NtStatus.INVALID_PARAMETER);
    c.close(tree, create("sparse.bin", READ_WRITE, SHARE_ALL, CREATE, 0));
    byte[] append = create("sparse.bin", 0x4 | 0x100000, SHARE_ALL, OPEN, 0);
    assertThat(ioctl(0x000900C4, append, new byte[] {1}, 0).status()).isZero();
  }

  @Test
  void aDirectoryCannotBeMadeTemporary() throws Exception {
    byte[] dir = create("tmp-dir", READ_WRITE, SHARE_ALL, CREATE, DIR);
    SmbWriter w = new SmbWriter(40);
    w.zeros(32).u32(0x100).u32(0);
    assertThat(c.setInfo(tree, dir, 1, 4, w.toByteArray()).status())
        .isEqualTo(NtStatus.INVALID_PARAMETER);
    byte[] file = create("tmp-file", READ_WRITE, SHARE_ALL, CREATE, 0);
    assertThat(c.setInfo(tree, file, 1, 4, w.toByteArray()).status()).isZero();
  }

  @Test
  void chargeBelowThePayloadIsRefused() throws Exception {
    byte[] id = create("c.bin", READ_WRITE, 0, CREATE, 0);
    SmbWriter w = new SmbWriter(64);
    w.u16(49).u8(80).u8(0).u32(200_000).u64(0).bytes(id).u32(0).u32(0).u32(0).u16(0).u16(0).u8(0);
    assertThat(c.call(8, tree, 1, w.toByteArray()).status()).isEqualTo(NtStatus.INVALID_PARAMETER);
  }

  @Test
  void dispositions() throws Exception {
    byte[] id = create("d.txt", READ_WRITE, SHARE_ALL, CREATE, 0);
    c.write(tree, id, 0, "hello".getBytes(StandardCharsets.US_ASCII));
    c.close(tree, id);
    assertThat(c.create(tree, "d.txt", READ_WRITE, SHARE_ALL, CREATE, 0).status())
        .isEqualTo(NtStatus.OBJECT_NAME_COLLISION);
    assertThat(c.create(tree, "none.txt", READ_WRITE, SHARE_ALL, OPEN, 0).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    assertThat(c.create(tree, "no\\none.txt", READ_WRITE, SHARE_ALL, OPEN, 0).status())
        .isEqualTo(NtStatus.OBJECT_PATH_NOT_FOUND);
    Reply o = c.create(tree, "d.txt", READ_WRITE, SHARE_ALL, OVERWRITE_IF, 0);
    assertThat(o.u32(64 + 4)).as("CreateAction OVERWRITTEN").isEqualTo(3);
    assertThat(o.u64(64 + 48)).as("EndOfFile").isZero();
    c.close(tree, Smb2TestClient.fileId(o));
    byte[] d = create("sub", GENERIC_ALL, SHARE_ALL, CREATE, DIR);
    c.close(tree, d);
    assertThat(c.create(tree, "sub", READ_WRITE, SHARE_ALL, OPEN, NON_DIR).status())
        .isEqualTo(NtStatus.FILE_IS_A_DIRECTORY);
    assertThat(c.create(tree, "d.txt", READ_WRITE, SHARE_ALL, OPEN, DIR).status())
        .isEqualTo(NtStatus.NOT_A_DIRECTORY);
    assertThat(c.create(tree, "\\d.txt", READ_WRITE, SHARE_ALL, OPEN, 0).status())
        .isEqualTo(NtStatus.INVALID_PARAMETER);
  }

  @Test
  void listsDirectoriesWithPatternsAndRestart() throws Exception {
    for (String n : new String[] {"a.txt", "b.txt", "c.doc"}) {
      c.close(tree, create(n, READ_WRITE, SHARE_ALL, CREATE, 0));
    }
    byte[] root = create("", 0x1 | 0x80 | 0x100000, SHARE_ALL, OPEN, DIR);
    Reply r = c.queryDirectory(tree, root, 37, 0, "*.txt", 65536);
    assertThat(r.status()).isZero();
    assertThat(names(r, 37)).containsExactlyInAnyOrder("a.txt", "b.txt");
    assertThat(c.queryDirectory(tree, root, 37, 0, "*.txt", 65536).status())
        .isEqualTo(NtStatus.NO_MORE_FILES);
    Reply all = c.queryDirectory(tree, root, 3, 1, "*", 65536);
    assertThat(names(all, 3)).contains(".", "..", "a.txt", "b.txt", "c.doc");
    Reply one = c.queryDirectory(tree, root, 1, 3, "*", 65536);
    assertThat(names(one, 1)).hasSize(1);
    assertThat(c.queryDirectory(tree, root, 37, 1, "nothing*", 65536).status())
        .isEqualTo(NtStatus.NO_SUCH_FILE);
    assertThat(c.queryDirectory(tree, root, 99, 1, "*", 65536).status())
        .isEqualTo(NtStatus.INVALID_INFO_CLASS);
  }

  private static java.util.List<String> names(Reply r, int infoClass) {
    int nameAt =
        switch (infoClass) {
          case 1 -> 64;
          case 2 -> 68;
          case 3 -> 94;
          default -> 104;
        };
    java.util.List<String> list = new java.util.ArrayList<>();
    int off = r.u16(64 + 2);
    int len = r.u32(64 + 4);
    int p = off;
    while (p < off + len) {
      int next = r.u32(p);
      list.add(new String(r.bytes(p + nameAt, r.u32(p + 60)), StandardCharsets.UTF_16LE));
      if (next == 0) {
        break;
      }
      p += next;
    }
    return list;
  }

  @Test
  void deleteOnCloseRemovesTheFileWithItsLastHandle() throws Exception {
    byte[] id = create("gone.txt", READ_WRITE | DELETE, SHARE_ALL, CREATE, DELETE_ON_CLOSE);
    byte[] id2 = create("gone.txt", 0x80, SHARE_ALL, OPEN, 0);
    c.close(tree, id);
    assertThat(c.create(tree, "gone.txt", 0x80, SHARE_ALL, OPEN, 0).status())
        .isEqualTo(NtStatus.DELETE_PENDING);
    c.close(tree, id2);
    assertThat(c.create(tree, "gone.txt", 0x80, SHARE_ALL, OPEN, 0).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    assertThat(c.create(tree, "x.txt", READ_WRITE, SHARE_ALL, CREATE, DELETE_ON_CLOSE).status())
        .isEqualTo(NtStatus.ACCESS_DENIED);
  }

  @Test
  void shareModesConflict() throws Exception {
    byte[] id = create("s.txt", READ_WRITE, 1, CREATE, 0);
    assertThat(c.create(tree, "s.txt", READ_WRITE, SHARE_ALL, OPEN, 0).status())
        .isEqualTo(NtStatus.SHARING_VIOLATION);
    byte[] attrOnly = create("s.txt", 0x80, SHARE_ALL, OPEN, 0);
    c.close(tree, attrOnly);
    c.close(tree, id);
    c.close(tree, create("s.txt", READ_WRITE, SHARE_ALL, OPEN, 0));
  }

  @Test
  void renamesAndDisposition() throws Exception {
    byte[] id = create("old.txt", READ_WRITE | DELETE, SHARE_ALL, CREATE, 0);
    byte[] newName = "new.txt".getBytes(StandardCharsets.UTF_16LE);
    SmbWriter w = new SmbWriter(64);
    w.u8(0).zeros(7).u64(0).u32(newName.length).bytes(newName);
    assertThat(c.setInfo(tree, id, 1, 10, w.toByteArray()).status()).isZero();
    Reply all = c.queryInfo(tree, id, 1, 18, 4096);
    assertThat(new String(all.bytes(72 + 100, all.u32(72 + 96)), StandardCharsets.UTF_16LE))
        .isEqualTo("\\new.txt");
    assertThat(c.setInfo(tree, id, 1, 13, new byte[] {1}).status()).isZero();
    c.close(tree, id);
    assertThat(c.create(tree, "new.txt", 0x80, SHARE_ALL, OPEN, 0).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    assertThat(f.server().openFiles()).isZero();
  }

  @Test
  void locksConflictAndBlockingLocksWaitUntilCancelled() throws Exception {
    byte[] a = create("l.bin", READ_WRITE, SHARE_ALL, CREATE, 0);
    byte[] b = create("l.bin", READ_WRITE, SHARE_ALL, OPEN, 0);
    assertThat(c.call(10, tree, c.lockBody(a, 0, 10, 0x2 | 0x10)).status()).isZero();
    assertThat(c.call(10, tree, c.lockBody(b, 5, 10, 0x2 | 0x10)).status())
        .isEqualTo(NtStatus.LOCK_NOT_GRANTED);
    assertThat(c.read(tree, b, 0, 4).status()).isEqualTo(NtStatus.FILE_LOCK_CONFLICT);
    c.sendFrame(c.message(10, tree, 1, c.lockBody(b, 5, 10, 0x2)));
    Reply pending = c.read();
    assertThat(pending.status()).isEqualTo(NtStatus.PENDING);
    SmbWriter cancel = new SmbWriter(64);
    cancel
        .u32(0x424D53FE)
        .u16(64)
        .u16(0)
        .u32(0)
        .u16(12)
        .u16(0)
        .u32(2)
        .u32(0)
        .u64(pending.messageId())
        .u64(pending.asyncId())
        .u64(c.sessionId())
        .zeros(16)
        .u16(4)
        .u16(0);
    c.sendFrame(cancel.toByteArray());
    assertThat(c.read().status()).isEqualTo(NtStatus.CANCELLED);
    c.sendFrame(c.message(10, tree, 1, c.lockBody(b, 5, 10, 0x2)));
    assertThat(c.read().status()).isEqualTo(NtStatus.PENDING);
    assertThat(c.call(10, tree, c.lockBody(a, 0, 10, 0x4)).status()).isZero();
    assertThat(c.read().status()).as("blocked lock granted after unlock").isZero();
    c.close(tree, a);
    c.close(tree, b);
    assertThat(f.server().openFiles()).isZero();
  }

  @Test
  void relatedCompoundUsesTheCreatedHandle() throws Exception {
    byte[] create =
        c.message(
            5,
            tree,
            1,
            Smb2TestClient.createBody("cmp.txt", READ_WRITE, SHARE_ALL, CREATE, 0, null));
    SmbWriter wb = new SmbWriter(64);
    byte[] data = "compound".getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[16];
    Arrays.fill(all, (byte) 0xff);
    wb.u16(49)
        .u16(112)
        .u32(data.length)
        .u64(0)
        .bytes(all)
        .u32(0)
        .u32(0)
        .u16(0)
        .u16(0)
        .u32(0)
        .bytes(data);
    byte[] write = c.message(9, tree, 1, wb.toByteArray());
    SmbWriter cb = new SmbWriter(32);
    cb.u16(24).u16(0).u32(0).bytes(all);
    byte[] close = c.message(6, tree, 1, cb.toByteArray());
    SmbWriter frame = new SmbWriter(512);
    int p1 = 0;
    frame.bytes(create).align(8);
    int p2 = frame.position();
    frame.bytes(write).align(8);
    int p3 = frame.position();
    frame.bytes(close);
    frame.set32(p1 + 20, p2 - p1);
    frame.set32(p2 + 20, p3 - p2);
    frame.set32(p2 + 16, 4);
    frame.set32(p3 + 16, 4);
    c.sendFrame(frame.toByteArray());
    byte[] resp = c.readFrame();
    Reply r1 = Smb2TestClient.parse(resp, 0);
    Reply r2 = Smb2TestClient.parse(resp, r1.nextCommand());
    Reply r3 = Smb2TestClient.parse(resp, r1.nextCommand() + r2.nextCommand());
    assertThat(r1.status()).isZero();
    assertThat(r2.status()).isZero();
    assertThat(r3.status()).isZero();
    byte[] id = create("cmp.txt", READ_WRITE, SHARE_ALL, OPEN, 0);
    assertThat(Smb2TestClient.readData(c.read(tree, id, 0, 100))).isEqualTo(data);
  }

  @Test
  void smb1NegotiateUpgradesAndOtherSmb1Closes() throws Exception {
    try (Smb2TestClient x = f.client()) {
      x.sendFrame(
          smb1Negotiate("\u0002NT LM 0.12\u0000\u0002SMB 2.002\u0000\u0002SMB 2.???\u0000"));
      Reply r = x.read();
      assertThat(r.command()).isZero();
      assertThat(r.u16(64 + 4)).isEqualTo(0x02FF);
      Reply n = x.negotiate(0x202, 0x311);
      assertThat(n.u16(64 + 4)).isEqualTo(0x311);
    }
    try (Smb2TestClient x = f.client()) {
      x.sendFrame(smb1Negotiate("\u0002NT LM 0.12\u0000"));
      assertThat(x.closedByServer()).isTrue();
    }
  }

  static byte[] smb1Negotiate(String dialects) {
    byte[] d = dialects.getBytes(StandardCharsets.ISO_8859_1);
    SmbWriter w = new SmbWriter(64);
    w.u8(0xFF).u8('S').u8('M').u8('B').u8(0x72).zeros(27).u8(0).u16(d.length).bytes(d);
    return w.toByteArray();
  }
}
