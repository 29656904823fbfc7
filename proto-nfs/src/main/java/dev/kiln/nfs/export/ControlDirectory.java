package dev.kiln.nfs.export;

import dev.kiln.engine.api.error.InvalidArgumentException;
import dev.kiln.engine.api.error.NoSuchEntryException;
import dev.kiln.engine.api.error.ReadOnlyFileSystemException;
import dev.kiln.engine.api.error.StaleHandleException;
import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.DirectoryEntry;
import dev.kiln.engine.api.fs.DirectoryPage;
import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.FileType;
import dev.kiln.engine.api.fs.FsFeature;
import dev.kiln.engine.api.fs.FsLimits;
import dev.kiln.engine.api.fs.FsStat;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.api.fs.WriteResult;
import dev.kiln.engine.api.fs.WriteStability;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The synthetic, read-only {@code .zfs} and {@code .zfs/snapshot} directories of a dataset, as a
 * one-inode file system so the NFS procedures treat them like any other directory. Names inside
 * them resolve through {@link NfsNamespace}, because their children live in other file systems.
 */
final class ControlDirectory implements FileSystem {

  /** Inode numbers far above anything the engine allocates, so fileids never collide. */
  static final long CONTROL_INODE = (1L << 48) - 1;

  static final long SNAPSHOT_DIR_INODE = (1L << 48) - 2;

  private final FileSystem dataset;
  private final long inode;
  private final List<String> names;
  private final Instant time;

  ControlDirectory(FileSystem dataset, long inode, List<String> names, Instant time) {
    this.dataset = dataset;
    this.inode = inode;
    this.names = List.copyOf(names);
    this.time = time;
  }

  @Override
  public long guid() {
    return dataset.guid();
  }

  @Override
  public long rootInode() {
    return inode;
  }

  @Override
  public boolean readOnly() {
    return true;
  }

  @Override
  public Set<FsFeature> features() {
    return Set.of();
  }

  @Override
  public FsLimits limits() {
    return dataset.limits();
  }

  @Override
  public FsStat statfs() throws IOException {
    return dataset.statfs();
  }

  @Override
  public long writeVerifier() {
    return dataset.writeVerifier();
  }

  @Override
  public Attributes resolve(long ino, long generation) throws IOException {
    return getattr(ino);
  }

  @Override
  public Attributes getattr(long ino) throws IOException {
    if (ino != inode) {
      throw new StaleHandleException("no inode " + ino + " in a control directory");
    }
    return new Attributes(
        inode,
        0,
        FileType.DIRECTORY,
        0555,
        2 + names.size(),
        0,
        0,
        null,
        null,
        names.size(),
        0,
        0,
        time,
        time,
        time,
        time,
        Set.of(),
        1);
  }

  @Override
  public Attributes lookup(long dir, String name) throws IOException {
    throw new NoSuchEntryException(name);
  }

  @Override
  public DirectoryPage readdir(long dir, long cookie, long verifier, int maxEntries)
      throws IOException {
    getattr(dir);
    List<DirectoryEntry> entries = new ArrayList<>();
    int start = cookie == 0 ? 0 : (int) (cookie - 2);
    for (int i = start; i < names.size() && entries.size() < maxEntries; i++) {
      long fileid = inode == CONTROL_INODE ? SNAPSHOT_DIR_INODE : SNAPSHOT_DIR_INODE - 1 - i;
      entries.add(new DirectoryEntry(names.get(i), fileid, FileType.DIRECTORY, i + 3L));
    }
    boolean end = start + entries.size() >= names.size();
    return new DirectoryPage(entries, 1, end);
  }

  @Override
  public Attributes setattr(long ino, SetAttributes changes) throws IOException {
    throw readOnlyError();
  }

  @Override
  public Attributes create(long dir, String name, SetAttributes initial) throws IOException {
    throw readOnlyError();
  }

  @Override
  public Attributes mkdir(long dir, String name, SetAttributes initial) throws IOException {
    throw readOnlyError();
  }

  @Override
  public Attributes symlink(long dir, String name, String target, SetAttributes initial)
      throws IOException {
    throw readOnlyError();
  }

  @Override
  public String readlink(long ino) throws IOException {
    throw new InvalidArgumentException("not a symbolic link");
  }

  @Override
  public Attributes link(long ino, long dir, String name) throws IOException {
    throw readOnlyError();
  }

  @Override
  public void unlink(long dir, String name) throws IOException {
    throw readOnlyError();
  }

  @Override
  public void rmdir(long dir, String name) throws IOException {
    throw readOnlyError();
  }

  @Override
  public void rename(long fromDir, String fromName, long toDir, String toName) throws IOException {
    throw readOnlyError();
  }

  @Override
  public int read(long ino, long offset, ByteBuffer dst) throws IOException {
    throw new dev.kiln.engine.api.error.IsDirectoryException("a control directory");
  }

  @Override
  public WriteResult write(long ino, long offset, ByteBuffer src, WriteStability stability)
      throws IOException {
    throw readOnlyError();
  }

  @Override
  public void commit(long ino, long offset, long length) {
    // Nothing here is ever written.
  }

  @Override
  public Attributes truncate(long ino, long size) throws IOException {
    throw readOnlyError();
  }

  private static ReadOnlyFileSystemException readOnlyError() {
    return new ReadOnlyFileSystemException("snapshots are read-only");
  }
}
