package dev.kiln.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.engine.api.acl.Acl;
import dev.kiln.engine.api.acl.AclEntry;
import dev.kiln.engine.api.acl.AclFlag;
import dev.kiln.engine.api.acl.AclMask;
import dev.kiln.engine.api.acl.AclType;
import dev.kiln.engine.api.acl.Principal;
import dev.kiln.engine.api.error.AlreadyExistsException;
import dev.kiln.engine.api.error.BadCookieException;
import dev.kiln.engine.api.error.BadHandleException;
import dev.kiln.engine.api.error.DirectoryNotEmptyException;
import dev.kiln.engine.api.error.FileTooLargeException;
import dev.kiln.engine.api.error.InvalidArgumentException;
import dev.kiln.engine.api.error.IsDirectoryException;
import dev.kiln.engine.api.error.NameTooLongException;
import dev.kiln.engine.api.error.NoSpaceException;
import dev.kiln.engine.api.error.NoSuchAttributeException;
import dev.kiln.engine.api.error.NoSuchEntryException;
import dev.kiln.engine.api.error.NotDirectoryException;
import dev.kiln.engine.api.error.NotPermittedException;
import dev.kiln.engine.api.error.QuotaExceededException;
import dev.kiln.engine.api.error.StaleHandleException;
import dev.kiln.engine.api.error.TooManyLinksException;
import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.DirectoryEntry;
import dev.kiln.engine.api.fs.DirectoryPage;
import dev.kiln.engine.api.fs.DosAttribute;
import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.FileType;
import dev.kiln.engine.api.fs.FsFeature;
import dev.kiln.engine.api.fs.FsStat;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.api.fs.StreamInfo;
import dev.kiln.engine.api.fs.TimeSet;
import dev.kiln.engine.api.fs.WriteResult;
import dev.kiln.engine.api.fs.WriteStability;
import dev.kiln.engine.api.fs.XattrSetMode;
import dev.kiln.testkit.ManualClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every writable {@link FileSystem} must show. A subclass supplies fresh, empty
 * instances; optional features are skipped (by assumption) when {@link FileSystem#features()} does
 * not announce them.
 */
public abstract class FileSystemContract {

  /** The clock handed to every instance; tests advance it to observe timestamp changes. */
  protected final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  /** The instance under test, created fresh for each test. */
  protected FileSystem fs;

  /** The root inode of {@link #fs}. */
  protected long root;

  /** A new, empty, writable file system whose timestamps come from {@code clock}. */
  protected abstract FileSystem newFileSystem(Clock clock) throws IOException;

  /**
   * A new, empty file system whose quota is {@code quotaBytes}, if the implementation can make one;
   * empty skips the quota tests.
   */
  protected Optional<FileSystem> newFileSystemWithQuota(Clock clock, long quotaBytes)
      throws IOException {
    return Optional.empty();
  }

  /**
   * A new, empty file system with only {@code capacityBytes} of space, if the implementation can
   * make one; empty skips the space tests.
   */
  protected Optional<FileSystem> newFileSystemWithCapacity(Clock clock, long capacityBytes)
      throws IOException {
    return Optional.empty();
  }

  @BeforeEach
  void openFileSystem() throws IOException {
    fs = newFileSystem(clock);
    root = fs.rootInode();
  }

  // ---- helpers ----

  /** Creates a file with default attributes. */
  protected Attributes file(long dir, String name) throws IOException {
    return fs.create(dir, name, SetAttributes.none());
  }

  /** Creates a directory with default attributes. */
  protected Attributes dir(long parent, String name) throws IOException {
    return fs.mkdir(parent, name, SetAttributes.none());
  }

  /** Writes bytes with UNSTABLE stability. */
  protected void write(long inode, long offset, byte[] data) throws IOException {
    WriteResult r = fs.write(inode, offset, ByteBuffer.wrap(data), WriteStability.UNSTABLE);
    assertThat(r.count()).isEqualTo(data.length);
  }

  /** Reads up to {@code length} bytes, returning exactly what was read. */
  protected byte[] read(long inode, long offset, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    int n = fs.read(inode, offset, buf);
    return Arrays.copyOf(buf.array(), n);
  }

  /** All names in a directory, read with small pages to exercise cookies. */
  protected List<String> names(long dir) throws IOException {
    List<String> out = new ArrayList<>();
    long cookie = 0;
    long verifier = 0;
    while (true) {
      DirectoryPage page = fs.readdir(dir, cookie, verifier, 2);
      for (DirectoryEntry e : page.entries()) {
        out.add(e.name());
        cookie = e.cookie();
      }
      verifier = page.verifier();
      if (page.endOfDirectory()) {
        return out;
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] pattern(int length, int seed) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  private void tick() {
    clock.advance(Duration.ofSeconds(1));
  }

  // ---- root and identity ----

  @Test
  void rootIsAnEmptyDirectoryThatIsItsOwnParent() throws IOException {
    Attributes a = fs.getattr(root);
    assertThat(a.type()).isEqualTo(FileType.DIRECTORY);
    assertThat(a.nlink()).isEqualTo(2);
    assertThat(names(root)).isEmpty();
    assertThat(fs.lookup(root, "..").inode()).isEqualTo(root);
    assertThat(fs.lookup(root, ".").inode()).isEqualTo(root);
    assertThat(fs.readOnly()).isFalse();
  }

  @Test
  void resolveChecksTheGeneration() throws IOException {
    Attributes f = file(root, "f");
    assertThat(fs.resolve(f.inode(), f.generation()).inode()).isEqualTo(f.inode());
    assertThatThrownBy(() -> fs.resolve(f.inode(), f.generation() + 1))
        .isInstanceOf(StaleHandleException.class);
  }

  @Test
  void unlinkOfTheLastLinkMakesTheHandleStale() throws IOException {
    Attributes f = file(root, "f");
    fs.unlink(root, "f");
    assertThatThrownBy(() -> fs.getattr(f.inode())).isInstanceOf(StaleHandleException.class);
    assertThatThrownBy(() -> fs.read(f.inode(), 0, ByteBuffer.allocate(1)))
        .isInstanceOf(StaleHandleException.class);
    // Even if the number is reused, the old handle stays stale.
    for (int i = 0; i < 5; i++) {
      file(root, "g" + i);
    }
    assertThatThrownBy(() -> fs.resolve(f.inode(), f.generation()))
        .isInstanceOf(StaleHandleException.class);
  }

  @Test
  void rmdirMakesTheDirectoryHandleStale() throws IOException {
    Attributes d = dir(root, "d");
    fs.rmdir(root, "d");
    assertThatThrownBy(() -> fs.resolve(d.inode(), d.generation()))
        .isInstanceOf(StaleHandleException.class);
  }

  @Test
  void inodeZeroIsABadHandle() {
    assertThatThrownBy(() -> fs.getattr(0)).isInstanceOf(BadHandleException.class);
  }

  @Test
  void liveInodesHaveDistinctNumbers() throws IOException {
    Set<Long> seen = new HashSet<>();
    seen.add(root);
    for (int i = 0; i < 50; i++) {
      assertThat(seen.add(file(root, "f" + i).inode())).isTrue();
    }
  }

  // ---- create, lookup and names ----

  @Test
  void createThenLookupReturnsTheSameInode() throws IOException {
    Attributes created =
        fs.create(root, "a.txt", SetAttributes.none().withMode(0640).withOwner(1000, 100));
    Attributes found = fs.lookup(root, "a.txt");
    assertThat(found.inode()).isEqualTo(created.inode());
    assertThat(found.generation()).isEqualTo(created.generation());
    assertThat(found.type()).isEqualTo(FileType.FILE);
    assertThat(found.mode()).isEqualTo(0640);
    assertThat(found.uid()).isEqualTo(1000);
    assertThat(found.gid()).isEqualTo(100);
    assertThat(found.nlink()).isEqualTo(1);
    assertThat(found.size()).isZero();
  }

  @Test
  void createOverAnExistingNameFails() throws IOException {
    file(root, "a");
    assertThatThrownBy(() -> file(root, "a")).isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(() -> dir(root, "a")).isInstanceOf(AlreadyExistsException.class);
  }

  @Test
  void lookupOfAMissingNameFails() {
    assertThatThrownBy(() -> fs.lookup(root, "nothing")).isInstanceOf(NoSuchEntryException.class);
  }

  @Test
  void lookupInAFileIsNotDirectory() throws IOException {
    Attributes f = file(root, "f");
    assertThatThrownBy(() -> fs.lookup(f.inode(), "x")).isInstanceOf(NotDirectoryException.class);
    assertThatThrownBy(() -> file(f.inode(), "x")).isInstanceOf(NotDirectoryException.class);
    assertThatThrownBy(() -> fs.readdir(f.inode(), 0, 0, 10))
        .isInstanceOf(NotDirectoryException.class);
  }

  @Test
  void namesUpTo255BytesAreAcceptedAndLongerAreRejected() throws IOException {
    int max = fs.limits().maxNameBytes();
    String ok = "n".repeat(max);
    file(root, ok);
    assertThat(fs.lookup(root, ok).type()).isEqualTo(FileType.FILE);
    assertThatThrownBy(() -> file(root, ok + "n")).isInstanceOf(NameTooLongException.class);
    assertThatThrownBy(() -> fs.lookup(root, ok + "n")).isInstanceOf(NameTooLongException.class);
    // The limit is in UTF-8 bytes: 128 two-byte characters are 256 bytes.
    assertThatThrownBy(() -> file(root, "é".repeat(128))).isInstanceOf(NameTooLongException.class);
    file(root, "é".repeat(127));
  }

  @Test
  void invalidNamesAreRejected() {
    for (String bad : List.of("", ".", "..", "a/b", "nul\0")) {
      assertThatThrownBy(() -> file(root, bad))
          .as("name %s", bad)
          .isInstanceOf(InvalidArgumentException.class);
    }
  }

  @Test
  void unicodeNamesRoundTrip() throws IOException {
    String name = "Grüße 日本 \uD83D\uDE00";
    file(root, name);
    assertThat(names(root)).containsExactly(name);
  }

  // ---- directories ----

  @Test
  void mkdirCountsLinks() throws IOException {
    Attributes d = dir(root, "d");
    assertThat(d.nlink()).isEqualTo(2);
    assertThat(fs.getattr(root).nlink()).isEqualTo(3);
    dir(d.inode(), "sub");
    assertThat(fs.getattr(d.inode()).nlink()).isEqualTo(3);
    assertThat(fs.lookup(d.inode(), "..").inode()).isEqualTo(root);
    file(d.inode(), "f");
    assertThat(fs.getattr(d.inode()).nlink()).isEqualTo(3);
  }

  @Test
  void rmdirRules() throws IOException {
    Attributes d = dir(root, "d");
    file(d.inode(), "f");
    file(root, "plain");
    assertThatThrownBy(() -> fs.rmdir(root, "d")).isInstanceOf(DirectoryNotEmptyException.class);
    assertThatThrownBy(() -> fs.rmdir(root, "plain")).isInstanceOf(NotDirectoryException.class);
    assertThatThrownBy(() -> fs.rmdir(root, "missing")).isInstanceOf(NoSuchEntryException.class);
    assertThatThrownBy(() -> fs.rmdir(d.inode(), ".")).isInstanceOf(InvalidArgumentException.class);
    fs.unlink(d.inode(), "f");
    fs.rmdir(root, "d");
    assertThat(fs.getattr(root).nlink()).isEqualTo(2);
    assertThat(names(root)).containsExactly("plain");
  }

  @Test
  void unlinkRules() throws IOException {
    dir(root, "d");
    assertThatThrownBy(() -> fs.unlink(root, "d")).isInstanceOf(IsDirectoryException.class);
    assertThatThrownBy(() -> fs.unlink(root, "missing")).isInstanceOf(NoSuchEntryException.class);
  }

  @Test
  void readdirPagesCoverEveryEntryOnce() throws IOException {
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 37; i++) {
      file(root, "f" + i);
      expected.add("f" + i);
    }
    List<String> listed = names(root);
    assertThat(listed).hasSize(37);
    assertThat(new HashSet<>(listed)).isEqualTo(expected);
  }

  @Test
  void readdirReportsTypesAndInodesAndSkipsDotEntries() throws IOException {
    Attributes f = file(root, "f");
    Attributes d = dir(root, "d");
    DirectoryPage page = fs.readdir(root, 0, 0, 100);
    assertThat(page.endOfDirectory()).isTrue();
    assertThat(page.entries())
        .extracting(DirectoryEntry::name, DirectoryEntry::inode, DirectoryEntry::type)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("f", f.inode(), FileType.FILE),
            org.assertj.core.groups.Tuple.tuple("d", d.inode(), FileType.DIRECTORY));
    assertThat(page.entries()).allSatisfy(e -> assertThat(e.cookie()).isGreaterThan(2));
  }

  @Test
  void readdirCookiesSurviveUnrelatedInsertsAndDeletes() throws IOException {
    for (int i = 0; i < 20; i++) {
      file(root, "f" + i);
    }
    DirectoryPage first = fs.readdir(root, 0, 0, 10);
    assertThat(first.entries()).hasSize(10);
    Set<String> seen = new HashSet<>();
    first.entries().forEach(e -> seen.add(e.name()));
    DirectoryEntry last = first.entries().getLast();
    // Concurrent changes: delete an already-listed entry (the cookie's own), add new ones.
    fs.unlink(root, last.name());
    String listedOther = first.entries().getFirst().name();
    fs.unlink(root, listedOther);
    file(root, "new1");
    file(root, "new2");
    List<String> rest = new ArrayList<>();
    long cookie = last.cookie();
    long verifier = first.verifier();
    while (true) {
      DirectoryPage page = fs.readdir(root, cookie, verifier, 3);
      for (DirectoryEntry e : page.entries()) {
        rest.add(e.name());
        cookie = e.cookie();
      }
      verifier = page.verifier();
      if (page.endOfDirectory()) {
        break;
      }
    }
    // Every entry that existed throughout and was not yet listed appears exactly once.
    Set<String> unlisted = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      if (!seen.contains("f" + i)) {
        unlisted.add("f" + i);
      }
    }
    assertThat(rest).doesNotHaveDuplicates();
    assertThat(rest).containsAll(unlisted);
    assertThat(rest).doesNotContainAnyElementsOf(seen);
  }

  @Test
  void readdirWithAForeignVerifierIsABadCookie() throws IOException {
    for (int i = 0; i < 5; i++) {
      file(root, "f" + i);
    }
    DirectoryPage page = fs.readdir(root, 0, 0, 2);
    long cookie = page.entries().getLast().cookie();
    assertThatThrownBy(() -> fs.readdir(root, cookie, page.verifier() ^ 0x5a5a, 2))
        .isInstanceOf(BadCookieException.class);
  }

  @Test
  void readdirRejectsZeroPageSize() {
    assertThatThrownBy(() -> fs.readdir(root, 0, 0, 0))
        .isInstanceOf(InvalidArgumentException.class);
  }

  // ---- rename ----

  @Test
  void renameMovesAnEntryAndKeepsTheInode() throws IOException {
    Attributes f = file(root, "a");
    Attributes d = dir(root, "d");
    fs.rename(root, "a", d.inode(), "b");
    assertThat(fs.lookup(d.inode(), "b").inode()).isEqualTo(f.inode());
    assertThatThrownBy(() -> fs.lookup(root, "a")).isInstanceOf(NoSuchEntryException.class);
  }

  @Test
  void renameReplacesAFileAtomically() throws IOException {
    Attributes a = file(root, "a");
    Attributes b = file(root, "b");
    write(a.inode(), 0, bytes("new"));
    fs.rename(root, "a", root, "b");
    assertThat(fs.lookup(root, "b").inode()).isEqualTo(a.inode());
    assertThat(names(root)).containsExactly("b");
    assertThatThrownBy(() -> fs.getattr(b.inode())).isInstanceOf(StaleHandleException.class);
  }

  @Test
  void renameOverAHardLinkOfItselfDoesNothing() throws IOException {
    Attributes a = file(root, "a");
    fs.link(a.inode(), root, "b");
    fs.rename(root, "a", root, "b");
    assertThat(names(root)).containsExactlyInAnyOrder("a", "b");
    assertThat(fs.getattr(a.inode()).nlink()).isEqualTo(2);
  }

  @Test
  void renameTypeRules() throws IOException {
    file(root, "f");
    Attributes d = dir(root, "d");
    dir(root, "full");
    file(fs.lookup(root, "full").inode(), "x");
    dir(root, "empty");
    assertThatThrownBy(() -> fs.rename(root, "f", root, "d"))
        .isInstanceOf(IsDirectoryException.class);
    assertThatThrownBy(() -> fs.rename(root, "d", root, "f"))
        .isInstanceOf(NotDirectoryException.class);
    assertThatThrownBy(() -> fs.rename(root, "d", root, "full"))
        .isInstanceOf(DirectoryNotEmptyException.class);
    assertThatThrownBy(() -> fs.rename(root, "missing", root, "x"))
        .isInstanceOf(NoSuchEntryException.class);
    assertThatThrownBy(() -> fs.rename(root, "d", d.inode(), "inside"))
        .isInstanceOf(InvalidArgumentException.class);
    Attributes sub = dir(d.inode(), "sub");
    assertThatThrownBy(() -> fs.rename(root, "d", sub.inode(), "deeper"))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> fs.rename(root, ".", root, "x"))
        .isInstanceOf(InvalidArgumentException.class);
    // Directory over an empty directory is allowed.
    fs.rename(root, "d", root, "empty");
    assertThat(fs.lookup(root, "empty").inode()).isEqualTo(d.inode());
  }

  @Test
  void renameOfADirectoryAdjustsParentLinkCounts() throws IOException {
    Attributes a = dir(root, "a");
    Attributes b = dir(root, "b");
    dir(a.inode(), "moving");
    assertThat(fs.getattr(a.inode()).nlink()).isEqualTo(3);
    fs.rename(a.inode(), "moving", b.inode(), "moved");
    assertThat(fs.getattr(a.inode()).nlink()).isEqualTo(2);
    assertThat(fs.getattr(b.inode()).nlink()).isEqualTo(3);
    assertThat(fs.lookup(fs.lookup(b.inode(), "moved").inode(), "..").inode()).isEqualTo(b.inode());
    assertThat(fs.getattr(root).nlink()).isEqualTo(4);
    // Replacing an empty directory keeps the count: one subdirectory gone, one arrived.
    dir(a.inode(), "other");
    dir(b.inode(), "target");
    fs.rename(a.inode(), "other", b.inode(), "target");
    assertThat(fs.getattr(a.inode()).nlink()).isEqualTo(2);
    assertThat(fs.getattr(b.inode()).nlink()).isEqualTo(4);
  }

  @Test
  void renameUpdatesDirectoryTimes() throws IOException {
    Attributes a = dir(root, "a");
    Attributes b = dir(root, "b");
    file(a.inode(), "f");
    tick();
    Instant now = clock.instant();
    fs.rename(a.inode(), "f", b.inode(), "g");
    assertThat(fs.getattr(a.inode()).mtime()).isEqualTo(now);
    assertThat(fs.getattr(b.inode()).mtime()).isEqualTo(now);
    assertThat(fs.getattr(b.inode()).ctime()).isEqualTo(now);
  }

  // ---- hard links ----

  @Test
  void hardLinksShareTheInodeAndCountLinks() throws IOException {
    Attributes f = file(root, "f");
    Attributes d = dir(root, "d");
    write(f.inode(), 0, bytes("shared"));
    Attributes linked = fs.link(f.inode(), d.inode(), "g");
    assertThat(linked.nlink()).isEqualTo(2);
    assertThat(fs.lookup(d.inode(), "g").inode()).isEqualTo(f.inode());
    assertThat(read(fs.lookup(d.inode(), "g").inode(), 0, 100)).isEqualTo(bytes("shared"));
    fs.unlink(root, "f");
    assertThat(fs.getattr(f.inode()).nlink()).isEqualTo(1);
    assertThat(read(f.inode(), 0, 100)).isEqualTo(bytes("shared"));
  }

  @Test
  void linkErrors() throws IOException {
    Attributes f = file(root, "f");
    Attributes d = dir(root, "d");
    assertThatThrownBy(() -> fs.link(d.inode(), root, "dlink"))
        .isInstanceOf(NotPermittedException.class);
    assertThatThrownBy(() -> fs.link(f.inode(), root, "d"))
        .isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(() -> fs.link(f.inode(), f.inode(), "x"))
        .isInstanceOf(NotDirectoryException.class);
  }

  @Test
  void linkCountIsLimited() throws IOException {
    int max = fs.limits().maxLinks();
    assumeTrue(max <= 10_000, "link limit too large to reach in a unit test");
    Attributes f = file(root, "f");
    for (int i = 1; i < max; i++) {
      fs.link(f.inode(), root, "l" + i);
    }
    assertThat(fs.getattr(f.inode()).nlink()).isEqualTo(max);
    assertThatThrownBy(() -> fs.link(f.inode(), root, "one-too-many"))
        .isInstanceOf(TooManyLinksException.class);
  }

  // ---- symlinks and special files ----

  @Test
  void symlinkStoresItsTargetVerbatim() throws IOException {
    assumeTrue(fs.features().contains(FsFeature.SYMLINKS));
    Attributes s = fs.symlink(root, "s", "../does/not/exist", SetAttributes.none());
    assertThat(s.type()).isEqualTo(FileType.SYMLINK);
    assertThat(s.size()).isEqualTo("../does/not/exist".length());
    assertThat(fs.readlink(s.inode())).isEqualTo("../does/not/exist");
    assertThat(fs.lookup(root, "s").type()).isEqualTo(FileType.SYMLINK);
    Attributes f = file(root, "f");
    assertThatThrownBy(() -> fs.readlink(f.inode())).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> fs.read(s.inode(), 0, ByteBuffer.allocate(1)))
        .isInstanceOf(InvalidArgumentException.class);
    fs.unlink(root, "s");
    assertThat(names(root)).containsExactly("f");
  }

  @Test
  void mknodCreatesSpecialFiles() throws IOException {
    assumeTrue(fs.features().contains(FsFeature.SPECIAL_FILES));
    Attributes fifo = fs.mknod(root, "p", FileType.FIFO, 0, SetAttributes.none());
    Attributes dev = fs.mknod(root, "c", FileType.CHAR_DEVICE, 0x0103, SetAttributes.none());
    assertThat(fifo.type()).isEqualTo(FileType.FIFO);
    assertThat(dev.type()).isEqualTo(FileType.CHAR_DEVICE);
    assertThat(fs.getattr(dev.inode()).rdev()).isEqualTo(0x0103);
    assertThatThrownBy(() -> fs.mknod(root, "x", FileType.DIRECTORY, 0, SetAttributes.none()))
        .isInstanceOf(InvalidArgumentException.class);
  }

  // ---- data ----

  @Test
  void writeThenReadBack() throws IOException {
    Attributes f = file(root, "f");
    byte[] data = pattern(10_000, 7);
    write(f.inode(), 0, data);
    assertThat(read(f.inode(), 0, 20_000)).isEqualTo(data);
    assertThat(read(f.inode(), 5000, 10)).isEqualTo(Arrays.copyOfRange(data, 5000, 5010));
    assertThat(fs.getattr(f.inode()).size()).isEqualTo(10_000);
    assertThat(read(f.inode(), 10_000, 10)).isEmpty();
    assertThat(read(f.inode(), 50_000, 10)).isEmpty();
  }

  @Test
  void overwriteInTheMiddle() throws IOException {
    Attributes f = file(root, "f");
    write(f.inode(), 0, bytes("hello world"));
    write(f.inode(), 6, bytes("WORLD"));
    assertThat(new String(read(f.inode(), 0, 100), StandardCharsets.UTF_8))
        .isEqualTo("hello WORLD");
  }

  @Test
  void sparseWritesLeaveHolesThatReadAsZeros() throws IOException {
    Attributes f = file(root, "f");
    long far = 10L << 20;
    write(f.inode(), far, bytes("end"));
    Attributes a = fs.getattr(f.inode());
    assertThat(a.size()).isEqualTo(far + 3);
    assertThat(a.allocatedSize()).isLessThan(1L << 20);
    assertThat(read(f.inode(), 4096, 8192)).isEqualTo(new byte[8192]);
    assertThat(read(f.inode(), far - 2, 5)).isEqualTo(new byte[] {0, 0, 'e', 'n', 'd'});
  }

  @Test
  void writeReportsAtLeastTheRequestedStability() throws IOException {
    Attributes f = file(root, "f");
    for (WriteStability s : WriteStability.values()) {
      WriteResult r = fs.write(f.inode(), 0, ByteBuffer.wrap(bytes("x")), s);
      assertThat(r.count()).isEqualTo(1);
      assertThat(r.committed().satisfies(s)).as("asked %s got %s", s, r.committed()).isTrue();
    }
    fs.commit(f.inode(), 0, 0);
    assertThat(read(f.inode(), 0, 1)).isEqualTo(bytes("x"));
  }

  @Test
  void commitOnADirectoryIsABarrierNotAnError() throws IOException {
    // NFSv3 makes directory operations stable before replying: the front end commits the directory.
    Attributes d = fs.mkdir(root, "d", SetAttributes.none());
    fs.commit(d.inode(), 0, 0);
    assertThat(fs.lookup(root, "d").inode()).isEqualTo(d.inode());
    assertThatThrownBy(() -> fs.commit(d.inode(), -1, 0))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void dataOperationsOnADirectoryAreIsDirectory() throws IOException {
    Attributes d = dir(root, "d");
    assertThatThrownBy(() -> fs.read(d.inode(), 0, ByteBuffer.allocate(1)))
        .isInstanceOf(IsDirectoryException.class);
    assertThatThrownBy(() -> write(d.inode(), 0, bytes("x")))
        .isInstanceOf(IsDirectoryException.class);
    assertThatThrownBy(() -> fs.truncate(d.inode(), 0)).isInstanceOf(IsDirectoryException.class);
  }

  @Test
  void negativeOffsetsAreInvalid() throws IOException {
    Attributes f = file(root, "f");
    assertThatThrownBy(() -> write(f.inode(), -1, bytes("x")))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> fs.read(f.inode(), -1, ByteBuffer.allocate(1)))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> fs.truncate(f.inode(), -1))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void writesPastTheMaximumFileSizeAreFileTooLarge() throws IOException {
    Attributes f = file(root, "f");
    long max = fs.limits().maxFileSize();
    assertThatThrownBy(() -> write(f.inode(), max, bytes("x")))
        .isInstanceOf(FileTooLargeException.class);
    assertThatThrownBy(() -> fs.truncate(f.inode(), max + 1))
        .isInstanceOf(FileTooLargeException.class);
    assertThat(fs.getattr(f.inode()).size()).isZero();
  }

  @Test
  void truncateShrinksAndExtendsWithZeros() throws IOException {
    Attributes f = file(root, "f");
    byte[] data = pattern(9000, 3);
    write(f.inode(), 0, data);
    fs.truncate(f.inode(), 100);
    assertThat(fs.getattr(f.inode()).size()).isEqualTo(100);
    assertThat(read(f.inode(), 0, 9000)).isEqualTo(Arrays.copyOf(data, 100));
    fs.truncate(f.inode(), 9000);
    byte[] expected = new byte[9000];
    System.arraycopy(data, 0, expected, 0, 100);
    assertThat(read(f.inode(), 0, 9000)).isEqualTo(expected);
    fs.setattr(f.inode(), SetAttributes.none().withSize(0));
    assertThat(fs.getattr(f.inode()).size()).isZero();
    assertThat(fs.getattr(f.inode()).allocatedSize()).isZero();
  }

  @Test
  void punchHoleZeroesTheRangeAndKeepsTheSize() throws IOException {
    assumeTrue(fs.features().contains(FsFeature.PUNCH_HOLE));
    Attributes f = file(root, "f");
    byte[] data = pattern(64 * 1024, 9);
    write(f.inode(), 0, data);
    long before = fs.getattr(f.inode()).allocatedSize();
    fs.punchHole(f.inode(), 1000, 40_000);
    byte[] expected = data.clone();
    Arrays.fill(expected, 1000, 41_000, (byte) 0);
    assertThat(read(f.inode(), 0, data.length)).isEqualTo(expected);
    Attributes after = fs.getattr(f.inode());
    assertThat(after.size()).isEqualTo(data.length);
    assertThat(after.allocatedSize()).isLessThan(before);
    assertThatThrownBy(() -> fs.punchHole(f.inode(), 0, 0))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void allocateReservesSpaceAndExtendsUnlessKeepSize() throws IOException {
    assumeTrue(fs.features().contains(FsFeature.ALLOCATE));
    Attributes f = file(root, "f");
    fs.allocate(f.inode(), 0, 1 << 20, true);
    Attributes kept = fs.getattr(f.inode());
    assertThat(kept.size()).isZero();
    assertThat(kept.allocatedSize()).isGreaterThanOrEqualTo(1 << 20);
    fs.allocate(f.inode(), 0, 100_000, false);
    assertThat(fs.getattr(f.inode()).size()).isEqualTo(100_000);
    assertThat(read(f.inode(), 0, 100_000)).isEqualTo(new byte[100_000]);
  }

  // ---- attributes and timestamps ----

  @Test
  void createSetsAllTimesAndTouchesTheParent() throws IOException {
    tick();
    Instant now = clock.instant();
    Attributes f = file(root, "f");
    assertThat(f.atime()).isEqualTo(now);
    assertThat(f.mtime()).isEqualTo(now);
    assertThat(f.ctime()).isEqualTo(now);
    assertThat(f.birthtime()).isEqualTo(now);
    Attributes r = fs.getattr(root);
    assertThat(r.mtime()).isEqualTo(now);
    assertThat(r.ctime()).isEqualTo(now);
  }

  @Test
  void writeUpdatesMtimeAndCtimeButNotBirthtime() throws IOException {
    Attributes f = file(root, "f");
    tick();
    Instant now = clock.instant();
    write(f.inode(), 0, bytes("data"));
    Attributes a = fs.getattr(f.inode());
    assertThat(a.mtime()).isEqualTo(now);
    assertThat(a.ctime()).isEqualTo(now);
    assertThat(a.birthtime()).isEqualTo(f.birthtime());
    assertThat(a.change()).isGreaterThan(f.change());
  }

  @Test
  void readChangesNeitherMtimeNorCtime() throws IOException {
    Attributes f = file(root, "f");
    write(f.inode(), 0, bytes("data"));
    Attributes before = fs.getattr(f.inode());
    tick();
    read(f.inode(), 0, 4);
    Attributes after = fs.getattr(f.inode());
    assertThat(after.mtime()).isEqualTo(before.mtime());
    assertThat(after.ctime()).isEqualTo(before.ctime());
    assertThat(after.change()).isEqualTo(before.change());
  }

  @Test
  void chmodAndChownChangeCtimeOnly() throws IOException {
    Attributes f = file(root, "f");
    tick();
    Instant now = clock.instant();
    Attributes a = fs.setattr(f.inode(), SetAttributes.none().withMode(04711).withOwner(7, 8));
    assertThat(a.mode()).isEqualTo(04711);
    assertThat(a.uid()).isEqualTo(7);
    assertThat(a.gid()).isEqualTo(8);
    assertThat(a.ctime()).isEqualTo(now);
    assertThat(a.mtime()).isEqualTo(f.mtime());
    assertThat(a.change()).isGreaterThan(f.change());
    assertThatThrownBy(() -> fs.setattr(f.inode(), SetAttributes.none().withMode(010000)))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void truncateChangesMtimeAndCtime() throws IOException {
    Attributes f = file(root, "f");
    write(f.inode(), 0, bytes("data"));
    tick();
    Instant now = clock.instant();
    Attributes a = fs.truncate(f.inode(), 2);
    assertThat(a.mtime()).isEqualTo(now);
    assertThat(a.ctime()).isEqualTo(now);
  }

  @Test
  void explicitTimesAreStoredWithNanosecondPrecision() throws IOException {
    Attributes f = file(root, "f");
    Instant atime = Instant.parse("2001-02-03T04:05:06.123456789Z");
    Instant mtime = Instant.parse("1999-12-31T23:59:59.000000001Z");
    Instant birth = Instant.parse("1990-01-01T00:00:00.5Z");
    tick();
    Instant now = clock.instant();
    Attributes a =
        fs.setattr(
            f.inode(),
            SetAttributes.none()
                .withAtime(TimeSet.at(atime))
                .withMtime(TimeSet.at(mtime))
                .withBirthtime(birth));
    assertThat(a.atime()).isEqualTo(atime);
    assertThat(a.mtime()).isEqualTo(mtime);
    assertThat(a.birthtime()).isEqualTo(birth);
    assertThat(a.ctime()).isEqualTo(now);
    tick();
    Attributes b = fs.setattr(f.inode(), SetAttributes.none().withMtime(TimeSet.serverTime()));
    assertThat(b.mtime()).isEqualTo(clock.instant());
  }

  @Test
  void anExplicitChangeTimeSticksUntilTheNextChange() throws IOException {
    Attributes f = file(root, "f");
    Instant ctime = Instant.parse("1968-01-01T00:00:00.0000001Z");
    tick();
    Attributes a = fs.setChangeTime(f.inode(), ctime);
    assertThat(a.ctime()).isEqualTo(ctime);
    assertThat(a.change()).isGreaterThan(f.change());
    assertThat(fs.getattr(f.inode()).ctime()).isEqualTo(ctime);
    tick();
    Attributes b = fs.setattr(f.inode(), SetAttributes.none().withMode(0600));
    assertThat(b.ctime()).isEqualTo(clock.instant());
  }

  @Test
  void linkAndUnlinkChangeTheTargetCtime() throws IOException {
    Attributes f = file(root, "f");
    tick();
    Instant t1 = clock.instant();
    fs.link(f.inode(), root, "g");
    assertThat(fs.getattr(f.inode()).ctime()).isEqualTo(t1);
    tick();
    Instant t2 = clock.instant();
    fs.unlink(root, "g");
    assertThat(fs.getattr(f.inode()).ctime()).isEqualTo(t2);
    assertThat(fs.getattr(root).mtime()).isEqualTo(t2);
  }

  @Test
  void sidsAndDosAttributesRoundTrip() throws IOException {
    Attributes f = file(root, "f");
    Attributes a =
        fs.setattr(
            f.inode(),
            SetAttributes.none()
                .withSids("S-1-5-21-1-2-3-1001", "S-1-5-21-1-2-3-513")
                .withDosAttributes(Set.of(DosAttribute.HIDDEN, DosAttribute.ARCHIVE)));
    assertThat(a.ownerSid()).isEqualTo("S-1-5-21-1-2-3-1001");
    assertThat(a.groupSid()).isEqualTo("S-1-5-21-1-2-3-513");
    assertThat(fs.getattr(f.inode()).dosAttributes())
        .containsExactlyInAnyOrder(DosAttribute.HIDDEN, DosAttribute.ARCHIVE);
    fs.setattr(f.inode(), SetAttributes.none().withDosAttributes(Set.of()));
    assertThat(fs.getattr(f.inode()).dosAttributes()).isEmpty();
  }

  @Test
  void changeCounterIncreasesOnEveryChange() throws IOException {
    Attributes f = file(root, "f");
    long c0 = f.change();
    write(f.inode(), 0, bytes("a"));
    long c1 = fs.getattr(f.inode()).change();
    fs.setattr(f.inode(), SetAttributes.none().withMode(0600));
    long c2 = fs.getattr(f.inode()).change();
    assertThat(c1).isGreaterThan(c0);
    assertThat(c2).isGreaterThan(c1);
  }

  // ---- xattrs ----

  @Test
  void xattrsRoundTripWithCreateAndReplaceRules() throws IOException {
    assumeTrue(fs.features().contains(FsFeature.XATTRS));
    Attributes f = file(root, "f");
    fs.setXattr(f.inode(), "user.a", bytes("1"), XattrSetMode.CREATE);
    fs.setXattr(f.inode(), "user.b", new byte[0], XattrSetMode.EITHER);
    assertThat(fs.getXattr(f.inode(), "user.a")).isEqualTo(bytes("1"));
    assertThat(fs.getXattr(f.inode(), "user.b")).isEmpty();
    assertThat(fs.listXattrs(f.inode())).containsExactly("user.a", "user.b");
    assertThatThrownBy(() -> fs.setXattr(f.inode(), "user.a", bytes("2"), XattrSetMode.CREATE))
        .isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(() -> fs.setXattr(f.inode(), "user.c", bytes("2"), XattrSetMode.REPLACE))
        .isInstanceOf(NoSuchAttributeException.class);
    fs.setXattr(f.inode(), "user.a", bytes("22"), XattrSetMode.REPLACE);
    assertThat(fs.getXattr(f.inode(), "user.a")).isEqualTo(bytes("22"));
    fs.removeXattr(f.inode(), "user.a");
    assertThatThrownBy(() -> fs.getXattr(f.inode(), "user.a"))
        .isInstanceOf(NoSuchAttributeException.class);
    assertThatThrownBy(() -> fs.removeXattr(f.inode(), "user.a"))
        .isInstanceOf(NoSuchAttributeException.class);
    assertThat(fs.listXattrs(f.inode())).containsExactly("user.b");
  }

  @Test
  void xattrLimitsAndCtime() throws IOException {
    assumeTrue(fs.features().contains(FsFeature.XATTRS));
    Attributes d = dir(root, "d");
    tick();
    fs.setXattr(d.inode(), "user.x", bytes("v"), XattrSetMode.EITHER);
    assertThat(fs.getattr(d.inode()).ctime()).isEqualTo(clock.instant());
    String longName = "u".repeat(fs.limits().maxNameBytes() + 1);
    assertThatThrownBy(() -> fs.setXattr(d.inode(), longName, bytes("v"), XattrSetMode.EITHER))
        .isInstanceOf(NameTooLongException.class);
    byte[] big = new byte[fs.limits().maxXattrValueBytes() + 1];
    assertThatThrownBy(() -> fs.setXattr(d.inode(), "user.big", big, XattrSetMode.EITHER))
        .isInstanceOf(InvalidArgumentException.class);
  }

  // ---- named streams ----

  @Test
  void namedStreamsAreSeparateFileLikeInodes() throws IOException {
    assumeTrue(fs.features().contains(FsFeature.NAMED_STREAMS));
    Attributes f = file(root, "f");
    write(f.inode(), 0, bytes("main data"));
    Attributes s = fs.createStream(f.inode(), "Zone.Identifier");
    assertThat(s.inode()).isNotEqualTo(f.inode());
    write(s.inode(), 0, bytes("[ZoneTransfer]"));
    assertThat(read(s.inode(), 0, 100)).isEqualTo(bytes("[ZoneTransfer]"));
    assertThat(read(f.inode(), 0, 100)).isEqualTo(bytes("main data"));
    assertThat(fs.lookupStream(f.inode(), "Zone.Identifier").inode()).isEqualTo(s.inode());
    List<StreamInfo> streams = fs.listStreams(f.inode());
    assertThat(streams).extracting(StreamInfo::name).containsExactly("Zone.Identifier");
    assertThat(streams.getFirst().size()).isEqualTo(14);
    assertThat(names(root)).containsExactly("f");
    assertThatThrownBy(() -> fs.createStream(f.inode(), "Zone.Identifier"))
        .isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(() -> fs.lookupStream(f.inode(), "other"))
        .isInstanceOf(NoSuchEntryException.class);
    assertThatThrownBy(() -> fs.createStream(s.inode(), "nested"))
        .isInstanceOf(InvalidArgumentException.class);
    fs.removeStream(f.inode(), "Zone.Identifier");
    assertThat(fs.listStreams(f.inode())).isEmpty();
    assertThatThrownBy(() -> fs.getattr(s.inode())).isInstanceOf(StaleHandleException.class);
  }

  @Test
  void namedStreamsDieWithTheirFile() throws IOException {
    assumeTrue(fs.features().contains(FsFeature.NAMED_STREAMS));
    Attributes f = file(root, "f");
    Attributes s = fs.createStream(f.inode(), "s");
    fs.unlink(root, "f");
    assertThatThrownBy(() -> fs.getattr(s.inode())).isInstanceOf(StaleHandleException.class);
  }

  @Test
  void directoriesCanHaveNamedStreams() throws IOException {
    assumeTrue(fs.features().contains(FsFeature.NAMED_STREAMS));
    Attributes d = dir(root, "d");
    fs.createStream(d.inode(), "meta");
    assertThat(fs.listStreams(d.inode())).extracting(StreamInfo::name).containsExactly("meta");
    assertThat(names(d.inode())).isEmpty();
  }

  // ---- ACLs ----

  @Test
  void aclWithoutStoredEntriesReflectsTheMode() throws IOException {
    Attributes f = fs.create(root, "f", SetAttributes.none().withMode(0640));
    assertThat(fs.getAcl(f.inode())).isEqualTo(Acl.fromMode(0640));
  }

  @Test
  void aclRoundTripsVerbatim() throws IOException {
    assumeTrue(fs.features().contains(FsFeature.ACLS));
    Attributes d = dir(root, "d");
    Acl acl =
        Acl.of(
            new AclEntry(
                AclType.DENY,
                Set.of(AclFlag.FILE_INHERIT, AclFlag.DIRECTORY_INHERIT),
                AclMask.WRITE_DATA | AclMask.DELETE,
                new Principal.User(1001)),
            new AclEntry(
                AclType.ALLOW,
                Set.of(),
                AclMask.READ_DATA | AclMask.EXECUTE,
                new Principal.Sid("S-1-5-21-1-2-3-1001")),
            AclEntry.allow(new Principal.Group(100), AclMask.READ_DATA),
            AclEntry.allow(Principal.owner(), AclMask.ALL),
            new AclEntry(
                AclType.AUDIT,
                Set.of(AclFlag.FAILED_ACCESS),
                AclMask.DELETE,
                Principal.everyone()));
    tick();
    fs.setAcl(d.inode(), acl);
    assertThat(fs.getAcl(d.inode())).isEqualTo(acl);
    assertThat(fs.getattr(d.inode()).ctime()).isEqualTo(clock.instant());
  }

  // ---- statfs, quota, space ----

  @Test
  void statfsIsConsistentAndFreeSpaceShrinksWithData() throws IOException {
    FsStat before = fs.statfs();
    assertThat(before.freeBytes()).isLessThanOrEqualTo(before.totalBytes());
    assertThat(before.availableBytes()).isLessThanOrEqualTo(before.freeBytes());
    assertThat(before.freeFiles()).isLessThanOrEqualTo(before.totalFiles());
    Attributes f = file(root, "f");
    write(f.inode(), 0, pattern(1 << 20, 7)); // not zeros: those may be stored as holes
    FsStat after = fs.statfs();
    assertThat(after.freeBytes()).isLessThan(before.freeBytes());
    assertThat(after.freeFiles()).isLessThan(before.freeFiles());
  }

  @Test
  void quotaIsEnforcedWithQuotaExceeded() throws IOException {
    Optional<FileSystem> quotaFs = newFileSystemWithQuota(clock, 1 << 20);
    assumeTrue(quotaFs.isPresent(), "implementation cannot make a quota file system");
    FileSystem q = quotaFs.get();
    Attributes f = q.create(q.rootInode(), "f", SetAttributes.none());
    assertThat(q.statfs().totalBytes()).isLessThanOrEqualTo(1 << 20);
    assertThatThrownBy(
            () -> q.write(f.inode(), 0, ByteBuffer.allocate(2 << 20), WriteStability.UNSTABLE))
        .isInstanceOf(QuotaExceededException.class);
    assertThat(q.getattr(f.inode()).size()).isZero();
    q.write(f.inode(), 0, ByteBuffer.allocate(256 << 10), WriteStability.UNSTABLE);
    assertThat(q.getattr(f.inode()).size()).isEqualTo(256 << 10);
  }

  @Test
  void fullFileSystemGivesNoSpaceAndFreesOnDelete() throws IOException {
    Optional<FileSystem> small = newFileSystemWithCapacity(clock, 1 << 20);
    assumeTrue(small.isPresent(), "implementation cannot make a small file system");
    FileSystem s = small.get();
    long r = s.rootInode();
    Attributes f = s.create(r, "f", SetAttributes.none());
    assertThatThrownBy(
            () -> s.write(f.inode(), 0, ByteBuffer.allocate(2 << 20), WriteStability.UNSTABLE))
        .isInstanceOf(NoSpaceException.class);
    s.write(f.inode(), 0, ByteBuffer.allocate(900 << 10), WriteStability.UNSTABLE);
    Attributes g = s.create(r, "g", SetAttributes.none());
    assertThatThrownBy(
            () -> s.write(g.inode(), 0, ByteBuffer.allocate(512 << 10), WriteStability.UNSTABLE))
        .isInstanceOf(NoSpaceException.class);
    s.unlink(r, "f");
    s.write(g.inode(), 0, ByteBuffer.allocate(512 << 10), WriteStability.UNSTABLE);
    assertThat(s.getattr(g.inode()).size()).isEqualTo(512 << 10);
  }
}
