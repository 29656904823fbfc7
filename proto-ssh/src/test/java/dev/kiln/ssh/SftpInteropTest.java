package dev.kiln.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.PropertyMap;
import dev.kiln.ssh.SshFixture.Account;
import dev.kiln.ssh.SshFixture.Result;
import dev.kiln.ssh.auth.SshUser.FileAccess;
import dev.kiln.testkit.InteropPeers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OpenSSH's sftp and scp against the service, on a real engine pool. */
class SftpInteropTest {

  @TempDir static Path tmp;

  static SshFixture fx;
  static Account admin;
  static Account bob;
  static Account reader;

  @BeforeAll
  static void start() throws Exception {
    InteropPeers.require("sftp", "openssh-client");
    fx = new SshFixture(tmp, (user, args, in, out, err) -> 0);
    admin = fx.addUser("admin", 1000, FileAccess.SUPERUSER);
    bob = fx.addUser("bob", 2000, FileAccess.READ_WRITE);
    reader = fx.addUser("reader", 3000, FileAccess.READ_ONLY);
    fx.engine.createDataset("tank/home", DatasetType.FILESYSTEM, PropertyMap.empty());
    FileSystem home = fx.engine.dataset("tank/home").fileSystem();
    home.mkdir(home.rootInode(), "bob", SetAttributes.none().withOwner(2000, 2000).withMode(0755));
    home.mkdir(home.rootInode(), "shared", SetAttributes.none().withMode(0755));
  }

  @AfterAll
  static void stop() throws Exception {
    if (fx != null) {
      fx.close();
    }
  }

  private static Result sftp(Account a, String batch) throws Exception {
    Path b = Files.createTempFile(tmp, "batch", ".txt");
    Files.writeString(b, batch);
    List<String> cmd = new ArrayList<>(List.of("sftp"));
    cmd.addAll(fx.common("sftp"));
    cmd.addAll(fx.keyAuth(a));
    cmd.addAll(List.of("-b", b.toString(), a.user().name() + "@127.0.0.1"));
    return SshFixture.run(cmd, null);
  }

  private static Path random(String name, long size) throws Exception {
    Path f = tmp.resolve(name);
    Random r = new Random(size);
    byte[] buf = new byte[1 << 20];
    try (var out = Files.newOutputStream(f)) {
      for (long done = 0; done < size; ) {
        int n = (int) Math.min(buf.length, size - done);
        r.nextBytes(buf);
        out.write(buf, 0, n);
        done += n;
      }
    }
    return f;
  }

  @Test
  void putAndGetAreByteIdenticalFromZeroBytesUp() throws Exception {
    long[] sizes = {0, 1, 4095, 65_536, 1_048_589, 48L << 20};
    StringBuilder batch = new StringBuilder();
    for (long size : sizes) {
      Path f = random("up-" + size, size);
      batch.append("put ").append(f).append(" /tank/home/bob/f-").append(size).append('\n');
      batch
          .append("get /tank/home/bob/f-")
          .append(size)
          .append(' ')
          .append(tmp.resolve("down-" + size))
          .append('\n');
    }
    Result r = sftp(bob, batch.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    for (long size : sizes) {
      assertThat(Files.mismatch(tmp.resolve("up-" + size), tmp.resolve("down-" + size)))
          .as("size %d", size)
          .isEqualTo(-1L);
      assertThat(Files.size(tmp.resolve("down-" + size))).isEqualTo(size);
    }
  }

  @Test
  void rootListsPoolsAndDatasetsShowChildren() throws Exception {
    Result r = sftp(bob, "ls -1 /\nls -1 /tank\nls -1 /tank/home\n");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("tank").contains("home").contains("bob").contains("shared");
  }

  @Test
  void permissionsOfTheFilesApply() throws Exception {
    Path f = random("perm", 10);
    // bob may not write into a root-owned 0755 directory, but may in his own
    Result denied = sftp(bob, "put " + f + " /tank/home/shared/x\n");
    assertThat(denied.exit()).isNotZero();
    assertThat(denied.err()).containsIgnoringCase("permission denied");
    Result ok = sftp(bob, "put " + f + " /tank/home/bob/x\nchmod 600 /tank/home/bob/x\n");
    assertThat(ok.exit()).as(ok.err()).isZero();
    // a superuser may; another user cannot read bob's 0600 file
    Result other = sftp(reader, "get /tank/home/bob/x " + tmp.resolve("nope") + "\n");
    assertThat(other.exit()).isNotZero();
    assertThat(sftp(admin, "get /tank/home/bob/x " + tmp.resolve("yes") + "\n").exit()).isZero();
  }

  @Test
  void filesCanBeMadeAtADatasetsRootButNotOverAChildDataset() throws Exception {
    Path f = random("atroot", 1234);
    Result r =
        sftp(
            admin,
            "put " + f + " /tank/at-root\nget /tank/at-root " + tmp.resolve("atroot-back") + "\n");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.mismatch(f, tmp.resolve("atroot-back"))).isEqualTo(-1L);
    assertThat(sftp(admin, "rmdir /tank/home\n").exit()).isNotZero();
    assertThat(sftp(admin, "mkdir /newpool\n").exit()).isNotZero();
    assertThat(fx.engine.dataset("tank/home")).isNotNull();
  }

  @Test
  void readonlyUserCannotWrite() throws Exception {
    Path f = random("ro", 100);
    Result put = sftp(reader, "put " + f + " /tank/home/ro-file\n");
    assertThat(put.exit()).isNotZero();
    assertThat(put.err()).containsIgnoringCase("permission denied");
    assertThat(sftp(reader, "mkdir /tank/home/ro-dir\n").exit()).isNotZero();
    assertThat(sftp(reader, "rm /tank/home/bob/f-0\n").exit()).isNotZero();
    assertThat(sftp(reader, "ls /tank/home\n").exit()).isZero();
  }

  @Test
  void openSshExtensionsWork() throws Exception {
    Path f = random("ext", 5000);
    Result r =
        sftp(
            bob,
            String.join(
                "\n",
                "mkdir /tank/home/bob/ext",
                "put " + f + " /tank/home/bob/ext/a",
                "ln /tank/home/bob/ext/a /tank/home/bob/ext/hard",
                "ln -s a /tank/home/bob/ext/soft",
                "rename /tank/home/bob/ext/a /tank/home/bob/ext/b",
                "get /tank/home/bob/ext/hard " + tmp.resolve("ext-hard"),
                "df /tank/home",
                "ls -l /tank/home/bob/ext",
                ""));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.mismatch(f, tmp.resolve("ext-hard"))).isEqualTo(-1L);
    assertThat(r.out()).contains("Size").contains("soft");
    // posix-rename replaces an existing target atomically
    Result replace =
        sftp(
            bob,
            "put "
                + f
                + " /tank/home/bob/ext/c\nrename /tank/home/bob/ext/c /tank/home/bob/ext/b\n");
    assertThat(replace.exit()).as(replace.err()).isZero();
  }

  @Test
  void snapshotsAreReadableAndReadOnly() throws Exception {
    Path f = random("snap", 777);
    assertThat(sftp(bob, "put " + f + " /tank/home/bob/snapped\n").exit()).isZero();
    fx.engine.createSnapshot("tank/home@before", false);
    assertThat(sftp(bob, "rm /tank/home/bob/snapped\n").exit()).isZero();
    Result r =
        sftp(
            bob,
            "ls -1 /tank/home/.zfs/snapshot\nget /tank/home/.zfs/snapshot/before/bob/snapped "
                + tmp.resolve("snap-back")
                + "\n");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("before");
    assertThat(Files.mismatch(f, tmp.resolve("snap-back"))).isEqualTo(-1L);
    Result write = sftp(admin, "put " + f + " /tank/home/.zfs/snapshot/before/bob/again\n");
    assertThat(write.exit()).isNotZero();
  }

  @Test
  void wrongKeyIsRefused() throws Exception {
    Account mallory = new Account("x", bob.user(), reader.key());
    Result r = sftp(mallory, "ls /\n");
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).containsIgnoringCase("permission denied");
  }

  @Test
  void passwordLoginWorksAndWrongPasswordIsRefused() throws Exception {
    Path sshpass = InteropPeers.require("sshpass", "sshpass");
    Path b = Files.createTempFile(tmp, "batch", ".txt");
    Files.writeString(b, "ls -1 /tank\n");
    for (String pw : List.of(bob.password(), "wrong-password")) {
      List<String> cmd = new ArrayList<>(List.of(sshpass.toString(), "-p", pw, "sftp"));
      cmd.addAll(fx.common("sftp"));
      cmd.addAll(
          List.of(
              "-o",
              "BatchMode=no",
              "-o",
              "PreferredAuthentications=password",
              "-o",
              "PubkeyAuthentication=no",
              "-o",
              "NumberOfPasswordPrompts=1",
              "-b",
              b.toString(),
              "bob@127.0.0.1"));
      Result r = SshFixture.run(cmd, null);
      if (pw.equals(bob.password())) {
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("home");
      } else {
        assertThat(r.exit()).isNotZero();
      }
    }
  }

  @Test
  void scpBothProtocolsRoundTrip() throws Exception {
    Path f = random("scp", 3_000_001);
    for (String mode : List.of("-O", "-s")) {
      List<String> up = new ArrayList<>(List.of("scp", mode));
      up.addAll(fx.common("scp"));
      up.addAll(fx.keyAuth(bob));
      up.addAll(List.of(f.toString(), "bob@127.0.0.1:/tank/home/bob/scp" + mode));
      Result r = SshFixture.run(up, null);
      assertThat(r.exit()).as(mode + ": " + r.err()).isZero();
      Path back = tmp.resolve("scp-back" + mode);
      List<String> down = new ArrayList<>(List.of("scp", mode));
      down.addAll(fx.common("scp"));
      down.addAll(fx.keyAuth(bob));
      down.addAll(List.of("bob@127.0.0.1:/tank/home/bob/scp" + mode, back.toString()));
      Result d = SshFixture.run(down, null);
      assertThat(d.exit()).as(mode + ": " + d.err()).isZero();
      assertThat(Files.mismatch(f, back)).as(mode).isEqualTo(-1L);
    }
    List<String> denied = new ArrayList<>(List.of("scp", "-O"));
    denied.addAll(fx.common("scp"));
    denied.addAll(fx.keyAuth(reader));
    denied.addAll(List.of(f.toString(), "reader@127.0.0.1:/tank/home/ro-scp"));
    assertThat(SshFixture.run(denied, null).exit()).isNotZero();
  }

  @Test
  void execRunsOnlyKiln() throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ssh"));
    cmd.addAll(fx.common("ssh"));
    cmd.addAll(fx.keyAuth(bob));
    cmd.addAll(List.of("bob@127.0.0.1", "cat", "/etc/passwd"));
    Result r = SshFixture.run(cmd, null);
    assertThat(r.exit()).isEqualTo(127);
    assertThat(new String(r.out().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .doesNotContain("root:");
  }
}
