package dev.kiln.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.api.acl.Acl;
import dev.kiln.engine.api.error.ReadOnlyFileSystemException;
import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.DirectoryEntry;
import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.FileType;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.api.fs.WriteStability;
import dev.kiln.engine.api.fs.XattrSetMode;
import dev.kiln.testkit.ManualClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of read-only views (snapshots): they show the state at freeze time, stay unchanged
 * when the live file system changes, and refuse every change with ReadOnlyFileSystemException.
 */
public abstract class ReadOnlyFileSystemContract {

  /** The clock handed to the writable instance. */
  protected final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  /** The live file system the view was taken from. */
  protected FileSystem live;

  /** The read-only view under test. */
  protected FileSystem view;

  private Attributes file;
  private Attributes dir;

  /** A new, empty, writable file system. */
  protected abstract FileSystem newWritableFileSystem(Clock clock) throws IOException;

  /** A read-only view of {@code live}'s current state (a snapshot). */
  protected abstract FileSystem freeze(FileSystem live) throws IOException;

  @BeforeEach
  void populateAndFreeze() throws IOException {
    live = newWritableFileSystem(clock);
    long root = live.rootInode();
    dir = live.mkdir(root, "dir", SetAttributes.none());
    file = live.create(dir.inode(), "file", SetAttributes.none().withMode(0600));
    live.write(file.inode(), 0, ByteBuffer.wrap(bytes("snapshot data")), WriteStability.FILE_SYNC);
    live.symlink(root, "link", "dir/file", SetAttributes.none());
    live.setXattr(file.inode(), "user.k", bytes("v"), XattrSetMode.EITHER);
    view = freeze(live);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private Map<String, FileType> listing(FileSystem fs, long dirInode) throws IOException {
    Map<String, FileType> out = new LinkedHashMap<>();
    for (DirectoryEntry e : fs.readdir(dirInode, 0, 0, 1000).entries()) {
      out.put(e.name(), e.type());
    }
    return out;
  }

  @Test
  void viewIsReadOnlyAndShowsTheFrozenState() throws IOException {
    assertThat(view.readOnly()).isTrue();
    long root = view.rootInode();
    assertThat(listing(view, root)).containsOnlyKeys("dir", "link");
    Attributes f = view.lookup(view.lookup(root, "dir").inode(), "file");
    ByteBuffer buf = ByteBuffer.allocate(100);
    int n = view.read(f.inode(), 0, buf);
    assertThat(new String(buf.array(), 0, n, StandardCharsets.UTF_8)).isEqualTo("snapshot data");
    assertThat(f.mode()).isEqualTo(0600);
    assertThat(view.readlink(view.lookup(root, "link").inode())).isEqualTo("dir/file");
    assertThat(view.getXattr(f.inode(), "user.k")).isEqualTo(bytes("v"));
  }

  @Test
  void laterChangesToTheLiveFileSystemDoNotShowInTheView() throws IOException {
    long root = live.rootInode();
    live.write(file.inode(), 0, ByteBuffer.wrap(bytes("CHANGED")), WriteStability.UNSTABLE);
    live.create(root, "new", SetAttributes.none());
    live.unlink(root, "link");
    live.truncate(file.inode(), 3);
    assertThat(listing(view, view.rootInode())).containsOnlyKeys("dir", "link");
    Attributes f = view.lookup(view.lookup(view.rootInode(), "dir").inode(), "file");
    assertThat(f.size()).isEqualTo(13);
    ByteBuffer buf = ByteBuffer.allocate(13);
    view.read(f.inode(), 0, buf);
    assertThat(new String(buf.array(), StandardCharsets.UTF_8)).isEqualTo("snapshot data");
  }

  @Test
  void everyMutationIsRefused() throws IOException {
    long root = view.rootInode();
    long d = view.lookup(root, "dir").inode();
    long f = view.lookup(d, "file").inode();
    Attributes before = view.getattr(f);
    List<ThrowingCallable> mutations = new ArrayList<>();
    mutations.add(() -> view.create(root, "x", SetAttributes.none()));
    mutations.add(() -> view.mkdir(root, "x", SetAttributes.none()));
    mutations.add(() -> view.symlink(root, "x", "t", SetAttributes.none()));
    mutations.add(() -> view.mknod(root, "x", FileType.FIFO, 0, SetAttributes.none()));
    mutations.add(() -> view.link(f, root, "x"));
    mutations.add(() -> view.unlink(d, "file"));
    mutations.add(() -> view.rmdir(root, "dir"));
    mutations.add(() -> view.rename(d, "file", root, "moved"));
    mutations.add(() -> view.write(f, 0, ByteBuffer.wrap(bytes("x")), WriteStability.UNSTABLE));
    mutations.add(() -> view.truncate(f, 0));
    mutations.add(() -> view.setattr(f, SetAttributes.none().withMode(0777)));
    mutations.add(() -> view.allocate(f, 0, 4096, false));
    mutations.add(() -> view.punchHole(f, 0, 4096));
    mutations.add(() -> view.setXattr(f, "user.k", bytes("w"), XattrSetMode.EITHER));
    mutations.add(() -> view.removeXattr(f, "user.k"));
    mutations.add(() -> view.createStream(f, "s"));
    mutations.add(() -> view.removeStream(f, "s"));
    mutations.add(() -> view.setAcl(f, Acl.fromMode(0777)));
    for (ThrowingCallable m : mutations) {
      assertThatThrownBy(m).isInstanceOf(ReadOnlyFileSystemException.class);
    }
    Attributes after = view.getattr(f);
    assertThat(after).isEqualTo(before);
    assertThat(listing(view, d)).containsOnlyKeys("file");
  }

  @Test
  void handlesOfTheLiveFileSystemResolveInTheView() throws IOException {
    Attributes a = view.resolve(file.inode(), file.generation());
    assertThat(a.inode()).isEqualTo(file.inode());
    assertThat(view.guid()).isNotEqualTo(live.guid());
  }
}
