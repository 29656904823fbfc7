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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A POSIX workload through an sshfs (FUSE) mount of a dataset: create, write, rename over an
 * existing file, chmod, truncate both ways, symlink, hard link, fsync, and a readdir of 10 000
 * entries.
 */
class SshfsWorkloadTest {

  @TempDir static Path tmp;

  static SshFixture fx;
  static Account bob;
  static Path mnt;

  @BeforeAll
  static void mount() throws Exception {
    Path sshfs = InteropPeers.require("sshfs", "sshfs");
    InteropPeers.require("fusermount3", "fuse3");
    fx = new SshFixture(tmp, (user, args, in, out, err) -> 0);
    bob = fx.addUser("bob", 2000, FileAccess.READ_WRITE);
    fx.engine.createDataset("tank/work", DatasetType.FILESYSTEM, PropertyMap.empty());
    FileSystem work = fx.engine.dataset("tank/work").fileSystem();
    long dir =
        work.mkdir(
                work.rootInode(), "bob", SetAttributes.none().withOwner(2000, 2000).withMode(0755))
            .inode();
    long many = work.mkdir(dir, "many", SetAttributes.none().withOwner(2000, 2000)).inode();
    for (int i = 0; i < 10_000; i++) {
      work.create(many, "entry-" + i, SetAttributes.none().withOwner(2000, 2000));
    }
    mnt = Files.createDirectories(tmp.resolve("mnt"));
    Result r =
        SshFixture.run(
            List.of(
                sshfs.toString(),
                "-p",
                Integer.toString(fx.service.boundPort()),
                "-o",
                "IdentityFile="
                    + bob.key()
                    + ",IdentitiesOnly=yes,BatchMode=yes,StrictHostKeyChecking=no"
                    + ",UserKnownHostsFile=/dev/null,IdentityAgent=none,LogLevel=ERROR",
                "-F",
                "/dev/null",
                "bob@127.0.0.1:/tank/work/bob",
                mnt.toString()),
            null);
    assertThat(r.exit()).as(r.err()).isZero();
  }

  @AfterAll
  static void unmount() throws Exception {
    if (mnt != null) {
      SshFixture.run(List.of("fusermount3", "-u", mnt.toString()), null);
    }
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void posixWorkload() throws Exception {
    Path a = mnt.resolve("a.txt");
    Files.writeString(a, "hello, kiln\n", StandardCharsets.UTF_8);
    assertThat(Files.readString(a)).isEqualTo("hello, kiln\n");

    try (FileChannel ch = FileChannel.open(a, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap("HELLO".getBytes(StandardCharsets.US_ASCII)), 0);
      ch.force(true);
    }
    assertThat(Files.readString(a)).isEqualTo("HELLO, kiln\n");

    Path b = mnt.resolve("b.txt");
    Files.writeString(b, "old");
    Files.move(a, b, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertThat(Files.exists(a)).isFalse();
    assertThat(Files.readString(b)).isEqualTo("HELLO, kiln\n");

    Files.setPosixFilePermissions(b, PosixFilePermissions.fromString("rw-r-----"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(b)))
        .isEqualTo("rw-r-----");

    try (FileChannel ch = FileChannel.open(b, StandardOpenOption.WRITE)) {
      ch.truncate(5);
    }
    assertThat(Files.readString(b)).isEqualTo("HELLO");
    assertThat(
            new ProcessBuilder("truncate", "-s", "100000", b.toString())
                .inheritIO()
                .start()
                .waitFor())
        .isZero();
    byte[] grown = Files.readAllBytes(b);
    assertThat(grown).hasSize(100_000);
    assertThat(grown[5]).isZero();
    assertThat(grown[99_999]).isZero();

    Path link = mnt.resolve("link");
    Files.createSymbolicLink(link, Path.of("b.txt"));
    assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("b.txt"));
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readAllBytes(link)).isEqualTo(grown);

    Path hard = mnt.resolve("hard");
    Files.createLink(hard, b);
    // SFTP v3 attributes carry no link count, so ask the engine itself
    FileSystem work = fx.engine.dataset("tank/work").fileSystem();
    long bobDir = work.lookup(work.rootInode(), "bob").inode();
    assertThat(work.lookup(bobDir, "hard").nlink()).isEqualTo(2);
    assertThat(work.lookup(bobDir, "hard").inode()).isEqualTo(work.lookup(bobDir, "b.txt").inode());
    Files.writeString(hard, "through the hard link");
    assertThat(Files.readString(b)).isEqualTo("through the hard link");

    Path sub = Files.createDirectory(mnt.resolve("sub"));
    Files.move(b, sub.resolve("moved"));
    assertThat(Files.readString(sub.resolve("moved"))).isEqualTo("through the hard link");
    Files.delete(sub.resolve("moved"));
    Files.delete(sub);
    assertThat(Files.exists(sub, LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(Files.readString(hard)).isEqualTo("through the hard link");
  }

  @Test
  void readdirOfTenThousandEntries() throws Exception {
    Set<String> names = new HashSet<>();
    try (Stream<Path> s = Files.list(mnt.resolve("many"))) {
      s.forEach(p -> names.add(p.getFileName().toString()));
    }
    assertThat(names).hasSize(10_000);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      expected.add("entry-" + i);
    }
    assertThat(names).containsAll(expected);
  }
}
