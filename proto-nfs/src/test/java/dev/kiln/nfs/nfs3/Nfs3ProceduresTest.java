package dev.kiln.nfs.nfs3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.api.manage.DatasetProperties;
import dev.kiln.nfs.fixture.Nfs3Calls;
import dev.kiln.nfs.fixture.Nfs3Calls.Entry;
import dev.kiln.nfs.fixture.NfsFixture;
import dev.kiln.nfs.fixture.NfsTestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every NFSv3 procedure and its error statuses, through an in-JVM RPC client on loopback. */
class Nfs3ProceduresTest {

  static final int OK = 0;
  static final int PERM = 1;
  static final int NOENT = 2;
  static final int ACCES = 13;
  static final int EXIST = 17;
  static final int XDEV = 18;
  static final int NOTDIR = 20;
  static final int ISDIR = 21;
  static final int INVAL = 22;
  static final int FBIG = 27;
  static final int NOSPC = 28;
  static final int ROFS = 30;
  static final int NAMETOOLONG = 63;
  static final int NOTEMPTY = 66;
  static final int DQUOT = 69;
  static final int STALE = 70;
  static final int BADHANDLE = 10001;
  static final int NOT_SYNC = 10002;
  static final int BADTYPE = 10007;

  @TempDir Path dir;
  NfsFixture nfs;
  NfsTestClient client;
  Nfs3Calls root;
  byte[] share;

  @BeforeEach
  void setUp() throws Exception {
    nfs = NfsFixture.start(dir, 256L << 20);
    nfs.share("tank/share", "rw,no_root_squash");
    client = nfs.client(0, 0);
    root = new Nfs3Calls(client);
    share = root.mount("/tank/share").handle();
    assertThat(root.setattr(share, 0777, -1, -1, null).status()).isZero();
  }

  @AfterEach
  void tearDown() throws Exception {
    client.close();
    nfs.close();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void nullProcedureAnswers() throws Exception {
    Integer answered = client.nfs(0, x -> {}, x -> 1);
    assertThat(answered).isEqualTo(1);
  }

  @Test
  void createWriteReadCommitAndTheVerifier() throws Exception {
    var f = root.create(share, "f", 1, 0);
    assertThat(f.status()).isZero();
    assertThat(f.attr().type()).isEqualTo(1);
    for (int stable = 0; stable <= 2; stable++) {
      var w = root.write(f.handle(), stable * 5L, bytes("hello"), stable);
      assertThat(w.status()).isZero();
      assertThat(w.count()).isEqualTo(5);
      assertThat(w.committed()).isGreaterThanOrEqualTo(stable);
    }
    var c = root.commit(f.handle());
    assertThat(c.status()).isZero();
    assertThat(c.verifier()).isEqualTo(root.write(f.handle(), 0, bytes("h"), 0).verifier());
    var r = root.read(f.handle(), 0, 100);
    assertThat(new String(r.data(), StandardCharsets.UTF_8)).isEqualTo("hellohellohello");
    assertThat(r.eof()).isTrue();
    var partial = root.read(f.handle(), 5, 5);
    assertThat(partial.count()).isEqualTo(5);
    assertThat(partial.eof()).isFalse();
    assertThat(root.read(f.handle(), 1000, 10).count()).isZero();
    assertThat(root.getattr(f.handle()).attr().size()).isEqualTo(15);
  }

  @Test
  void createModes() throws Exception {
    assertThat(root.create(share, "g", 1, 0).status()).isZero();
    assertThat(root.create(share, "g", 1, 0).status()).isEqualTo(EXIST);
    assertThat(root.create(share, "g", 0, 0).status()).isZero();
    var ex = root.create(share, "x", 2, 0x1234_5678_9abcL);
    assertThat(ex.status()).isZero();
    assertThat(root.create(share, "x", 2, 0x1234_5678_9abcL).status()).as("retransmit").isZero();
    assertThat(root.create(share, "x", 2, 42).status()).isEqualTo(EXIST);
  }

  @Test
  void directoriesLinksSymlinksAndNodes() throws Exception {
    var d = root.mkdir(share, "d", 0755);
    assertThat(d.status()).isZero();
    assertThat(d.attr().type()).isEqualTo(2);
    assertThat(root.mkdir(share, "d", 0755).status()).isEqualTo(EXIST);
    var f = root.create(d.handle(), "f", 1, 0);
    var l = root.link(f.handle(), share, "hard");
    assertThat(l.status()).isZero();
    assertThat(l.attr().nlink()).isEqualTo(2);
    assertThat(root.link(d.handle(), share, "dirlink").status()).isEqualTo(ISDIR);
    var s = root.symlink(share, "sym", "d/f");
    assertThat(s.status()).isZero();
    assertThat(root.readlink(s.handle())).containsExactly("0", "d/f");
    assertThat(root.readlink(f.handle())[0]).isEqualTo(Integer.toString(INVAL));
    assertThat(root.mknod(share, "fifo", 7).attr().type()).isEqualTo(7);
    assertThat(root.mknod(share, "sock", 6).attr().type()).isEqualTo(6);
    assertThat(root.mknod(share, "chr", 4).attr().type()).isEqualTo(4);
    assertThat(root.mknod(share, "reg", 1).status()).isEqualTo(BADTYPE);
    assertThat(root.lookup(f.handle(), "x").status()).isEqualTo(NOTDIR);
    assertThat(root.lookup(share, "missing").status()).isEqualTo(NOENT);
    assertThat(root.lookup(d.handle(), "..").handle()).isEqualTo(share);
    assertThat(root.read(d.handle(), 0, 10).status()).isEqualTo(ISDIR);
    assertThat(root.remove(share, "d")).isEqualTo(ISDIR);
  }

  @Test
  void removeRmdirRenameAndTheirErrors() throws Exception {
    var d = root.mkdir(share, "d", 0755);
    root.create(d.handle(), "f", 1, 0);
    assertThat(root.remove(share, "d")).isEqualTo(ISDIR);
    assertThat(root.rmdir(share, "d")).isEqualTo(NOTEMPTY);
    assertThat(root.rmdir(d.handle(), "f")).isEqualTo(NOTDIR);
    assertThat(root.rename(d.handle(), "f", share, "moved")).isZero();
    assertThat(root.lookup(share, "moved").status()).isZero();
    assertThat(root.lookup(d.handle(), "f").status()).isEqualTo(NOENT);
    assertThat(root.rename(share, "nope", share, "x")).isEqualTo(NOENT);
    assertThat(root.rmdir(share, "d")).isZero();
    assertThat(root.remove(share, "moved")).isZero();
    assertThat(root.remove(share, "moved")).isEqualTo(NOENT);
  }

  @Test
  void staleAndBadHandles() throws Exception {
    var f = root.create(share, "f", 1, 0);
    assertThat(root.remove(share, "f")).isZero();
    assertThat(root.getattr(f.handle()).status()).isEqualTo(STALE);
    assertThat(root.read(f.handle(), 0, 1).status()).isEqualTo(STALE);
    byte[] garbage = new byte[32];
    new Random(1).nextBytes(garbage);
    assertThat(root.getattr(garbage).status()).isEqualTo(BADHANDLE);
    assertThat(root.getattr(new byte[] {1, 2, 3}).status()).isEqualTo(BADHANDLE);
    byte[] flipped = share.clone();
    flipped[10] ^= 1;
    assertThat(root.getattr(flipped).status()).isEqualTo(BADHANDLE);
  }

  @Test
  void namesAndSizesAtTheLimits() throws Exception {
    String longName = "n".repeat(256);
    assertThat(root.create(share, longName, 1, 0).status()).isEqualTo(NAMETOOLONG);
    assertThat(root.create(share, "n".repeat(255), 1, 0).status()).isZero();
    var f = root.create(share, "big", 1, 0);
    assertThat(root.write(f.handle(), Long.MAX_VALUE - 2, bytes("xyz"), 2).status())
        .isEqualTo(FBIG);
    long[] info = root.fsinfo(share);
    assertThat(info[0]).isZero();
    assertThat(info[1]).isEqualTo(1 << 20);
    assertThat(info[4] & 0x1b).isEqualTo(0x1b);
    long[] pc = root.pathconf(share);
    assertThat(pc).containsExactly(0, 65_000, 255);
  }

  @Test
  void setattrChecksOwnershipAndTheGuard() throws Exception {
    var f = root.create(share, "f", 1, 0);
    var a = root.getattr(f.handle()).attr();
    var bad = root.setattr(f.handle(), 0600, -1, -1, new long[] {a.ctimeSec() + 1, 0});
    assertThat(bad.status()).isEqualTo(NOT_SYNC);
    var ok = root.setattr(f.handle(), 0600, 3, -1, new long[] {a.ctimeSec(), a.ctimeNsec()});
    assertThat(ok.status()).isZero();
    assertThat(ok.attr().mode()).isEqualTo(0600);
    assertThat(ok.attr().size()).isEqualTo(3);
    assertThat(root.setattr(f.handle(), -1, -1, 1000, null).status()).isZero();
    client.as(1000, 1000, 1000);
    assertThat(root.setattr(f.handle(), 0644, -1, -1, null).status()).as("owner").isZero();
    assertThat(root.setattr(f.handle(), -1, -1, 0, null).status()).isEqualTo(PERM);
    client.as(2000, 2000, 2000);
    assertThat(root.setattr(f.handle(), 0666, -1, -1, null).status()).isEqualTo(PERM);
    assertThat(root.setattr(f.handle(), -1, 0, -1, null).status()).isEqualTo(ACCES);
  }

  @Test
  void permissionsAreEnforcedForOtherUsers() throws Exception {
    var d = root.mkdir(share, "private", 0700);
    client.as(1000, 1000, 1000);
    assertThat(root.create(d.handle(), "f", 1, 0).status()).isEqualTo(ACCES);
    assertThat(root.lookup(d.handle(), "x").status()).isEqualTo(ACCES);
    assertThat(root.readdir(d.handle(), 0, 0, 4096, false).status()).isEqualTo(ACCES);
    int[] access = root.access(d.handle(), 0x3f);
    assertThat(access[0]).isZero();
    assertThat(access[1]).isZero();
    var mine = root.create(share, "mine", 1, 0);
    assertThat(mine.attr().uid()).isEqualTo(1000);
    assertThat(root.access(mine.handle(), 0x0d)[1]).isEqualTo(0x0d);
  }

  @Test
  void readdirPagesWithCookiesAndReaddirplusHandles() throws Exception {
    var d = root.mkdir(share, "many", 0755);
    for (int i = 0; i < 300; i++) {
      assertThat(root.create(d.handle(), "file-" + i, 1, 0).status()).isZero();
    }
    List<String> names = new ArrayList<>();
    long cookie = 0;
    long verifier = 0;
    boolean eof = false;
    int pages = 0;
    while (!eof) {
      var page = root.readdir(d.handle(), cookie, verifier, 2048, false);
      assertThat(page.status()).isZero();
      page.entries().forEach(e -> names.add(e.name()));
      cookie = page.entries().getLast().cookie();
      verifier = page.verifier();
      eof = page.eof();
      pages++;
    }
    assertThat(pages).isGreaterThan(1);
    assertThat(names)
        .hasSize(302)
        .contains(".", "..", "file-0", "file-299")
        .doesNotHaveDuplicates();
    var plus = root.readdir(d.handle(), 0, 0, 1 << 16, true);
    Entry e = plus.entries().stream().filter(x -> x.name().equals("file-7")).findFirst().get();
    assertThat(root.getattr(e.handle()).attr().fileid()).isEqualTo(e.fileid());
    var top = root.readdir(share, 0, 0, 1 << 16, false);
    assertThat(top.entries()).extracting(Entry::name).doesNotContain(".zfs");
  }

  @Test
  void quotasShowInFsstatAndStopWrites() throws Exception {
    nfs.engine().dataset("tank/share").set(DatasetProperties.REFQUOTA, 2L << 20);
    long[] st = root.fsstat(share);
    assertThat(st[0]).isZero();
    assertThat(st[1]).isEqualTo(2L << 20);
    assertThat(st[3]).isLessThanOrEqualTo(st[2]);
    var f = root.create(share, "fill", 1, 0);
    byte[] chunk = new byte[256 << 10];
    new Random(3).nextBytes(chunk);
    int status = 0;
    for (int i = 0; i < 16 && status == 0; i++) {
      status = root.write(f.handle(), (long) i * chunk.length, chunk, 2).status();
    }
    assertThat(status).isEqualTo(DQUOT);
  }

  @Test
  void aFullPoolIsNoSpace() throws Exception {
    NfsFixture small = NfsFixture.start(dir.resolve("small"), 64L << 20);
    try (small;
        NfsTestClient c = small.client(0, 0)) {
      small.share("tank/s", "rw,no_root_squash");
      Nfs3Calls calls = new Nfs3Calls(c);
      byte[] h = calls.mount("/tank/s").handle();
      var f = calls.create(h, "fill", 1, 0);
      byte[] chunk = new byte[1 << 20];
      new Random(4).nextBytes(chunk);
      int status = 0;
      for (int i = 0; i < 128 && status == 0; i++) {
        status = calls.write(f.handle(), (long) i * chunk.length, chunk, 2).status();
      }
      assertThat(status).isIn(NOSPC, DQUOT);
      assertThat(status).isEqualTo(NOSPC);
    }
  }

  @Test
  void snapshotsAreReadOnlyUnderTheHiddenControlDirectory() throws Exception {
    var f = root.create(share, "f", 1, 0);
    root.write(f.handle(), 0, bytes("before"), 2);
    nfs.engine().createSnapshot("tank/share@s1", false);
    root.write(f.handle(), 0, bytes("after!"), 2);
    var zfs = root.lookup(share, ".zfs");
    assertThat(zfs.status()).isZero();
    var snapdir = root.lookup(zfs.handle(), "snapshot");
    assertThat(root.readdir(snapdir.handle(), 0, 0, 4096, false).entries())
        .extracting(Entry::name)
        .contains("s1");
    var s1 = root.lookup(snapdir.handle(), "s1");
    assertThat(s1.attr().fsid()).isNotEqualTo(root.getattr(share).attr().fsid());
    var old = root.lookup(s1.handle(), "f");
    assertThat(new String(root.read(old.handle(), 0, 10).data(), StandardCharsets.UTF_8))
        .isEqualTo("before");
    assertThat(root.write(old.handle(), 0, bytes("x"), 2).status()).isEqualTo(ROFS);
    assertThat(root.create(s1.handle(), "new", 1, 0).status()).isEqualTo(ROFS);
    assertThat(root.mkdir(snapdir.handle(), "s2", 0755).status()).isEqualTo(ROFS);
    assertThat(root.rename(s1.handle(), "f", share, "g")).isEqualTo(XDEV);
    assertThat(root.lookup(s1.handle(), "..").handle()).isEqualTo(snapdir.handle());
  }

  @Test
  void handlesSurviveARestartAndTheVerifierChanges() throws Exception {
    var f = root.create(share, "f", 1, 0);
    root.write(f.handle(), 0, bytes("durable"), 2);
    long before = root.write(f.handle(), 7, bytes("?"), 0).verifier();
    root.commit(f.handle());
    client.close();
    nfs.restart();
    client = nfs.client(0, 0);
    root = new Nfs3Calls(client);
    assertThat(root.getattr(f.handle()).status()).isZero();
    var r = root.read(f.handle(), 0, 100);
    assertThat(new String(r.data(), StandardCharsets.UTF_8)).isEqualTo("durable?");
    assertThat(root.commit(f.handle()).verifier()).isNotEqualTo(before);
  }

  @Test
  void largeTransfersRoundTrip() throws Exception {
    var f = root.create(share, "large", 1, 0);
    byte[] data = new byte[(1 << 20) + 12_345];
    new Random(5).nextBytes(data);
    assertThat(root.write(f.handle(), 0, Arrays.copyOf(data, 1 << 20), 0).count())
        .isEqualTo(1 << 20);
    assertThat(
            root.write(f.handle(), 1 << 20, Arrays.copyOfRange(data, 1 << 20, data.length), 0)
                .status())
        .isZero();
    var a = root.read(f.handle(), 0, 1 << 20);
    var b = root.read(f.handle(), 1 << 20, 1 << 20);
    byte[] back = new byte[a.count() + b.count()];
    System.arraycopy(a.data(), 0, back, 0, a.count());
    System.arraycopy(b.data(), 0, back, a.count(), b.count());
    assertThat(back).isEqualTo(data);
    assertThat(b.eof()).isTrue();
  }
}
