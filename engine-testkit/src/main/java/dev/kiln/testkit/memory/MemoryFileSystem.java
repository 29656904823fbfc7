package dev.kiln.testkit.memory;

import dev.kiln.engine.api.acl.Acl;
import dev.kiln.engine.api.error.AlreadyExistsException;
import dev.kiln.engine.api.error.BadCookieException;
import dev.kiln.engine.api.error.BadHandleException;
import dev.kiln.engine.api.error.DirectoryNotEmptyException;
import dev.kiln.engine.api.error.EngineException;
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
import dev.kiln.engine.api.error.ReadOnlyFileSystemException;
import dev.kiln.engine.api.error.StaleHandleException;
import dev.kiln.engine.api.error.TooManyLinksException;
import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.DirectoryEntry;
import dev.kiln.engine.api.fs.DirectoryPage;
import dev.kiln.engine.api.fs.DosAttribute;
import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.FileType;
import dev.kiln.engine.api.fs.FsFeature;
import dev.kiln.engine.api.fs.FsLimits;
import dev.kiln.engine.api.fs.FsStat;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.api.fs.StreamInfo;
import dev.kiln.engine.api.fs.TimeSet;
import dev.kiln.engine.api.fs.WriteResult;
import dev.kiln.engine.api.fs.WriteStability;
import dev.kiln.engine.api.fs.XattrSetMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reference FileSystem: all state in memory, every operation under one lock, POSIX semantics as
 * documented on {@link FileSystem}. The engine is tested against this model.
 *
 * <p>Inode numbers are reused last-freed-first with a new generation, so stale-handle detection is
 * exercised. {@link #snapshot()} deep-copies the state into a read-only instance.
 */
public final class MemoryFileSystem implements FileSystem {

  /** The root directory's inode number. */
  public static final long ROOT = 1;

  private static final AtomicLong GUIDS = new AtomicLong(0x4b494c4e_00000000L);
  private static final long PAGE = SparseBytes.PAGE;

  private final Clock clock;
  private final MemoryOptions options;
  private final boolean readOnly;
  private final long guid;
  private final Map<Long, MemoryInode> inodes;
  private final Map<Long, Long> generations;
  private final ArrayDeque<Long> freeNumbers;
  private long nextNumber;
  private long changeCounter;
  private long usedPages;

  /** A new, empty, writable file system with default options. */
  public MemoryFileSystem(Clock clock) {
    this(clock, MemoryOptions.defaults());
  }

  /** A new, empty, writable file system with the given limits. */
  public MemoryFileSystem(Clock clock, MemoryOptions options) {
    this.clock = clock;
    this.options = options;
    this.readOnly = false;
    this.guid = GUIDS.incrementAndGet();
    this.inodes = new HashMap<>();
    this.generations = new HashMap<>();
    this.freeNumbers = new ArrayDeque<>();
    this.nextNumber = ROOT;
    if (options.maxInodes() < 1) {
      throw new IllegalArgumentException("maxInodes must allow at least the root directory");
    }
    MemoryInode root;
    try {
      root = allocate(FileType.DIRECTORY);
    } catch (NoSpaceException e) {
      throw new IllegalStateException("unreachable: the inode table is empty", e);
    }
    root.mode = 0755;
    root.nlink = 2;
    root.entries = new DirectoryEntries();
    root.parent = ROOT;
  }

  private MemoryFileSystem(MemoryFileSystem source) {
    this.clock = source.clock;
    this.options = source.options;
    this.readOnly = true;
    this.guid = GUIDS.incrementAndGet();
    this.inodes = new HashMap<>();
    for (MemoryInode i : source.inodes.values()) {
      inodes.put(i.number, i.copy());
    }
    this.generations = new HashMap<>(source.generations);
    this.freeNumbers = new ArrayDeque<>(source.freeNumbers);
    this.nextNumber = source.nextNumber;
    this.changeCounter = source.changeCounter;
    this.usedPages = source.usedPages;
  }

  /** A read-only copy of the current state, with the same inode numbers and generations. */
  public synchronized MemoryFileSystem snapshot() {
    return new MemoryFileSystem(this);
  }

  @Override
  public long guid() {
    return guid;
  }

  @Override
  public long rootInode() {
    return ROOT;
  }

  @Override
  public boolean readOnly() {
    return readOnly;
  }

  @Override
  public Set<FsFeature> features() {
    return EnumSet.allOf(FsFeature.class);
  }

  @Override
  public FsLimits limits() {
    return options.limits();
  }

  @Override
  public long writeVerifier() {
    return guid;
  }

  @Override
  public synchronized FsStat statfs() {
    long total =
        options.quotaBytes() > 0
            ? Math.min(options.quotaBytes(), options.capacityBytes())
            : options.capacityBytes();
    long free = Math.max(0, total - usedPages * PAGE);
    long freeFiles = Math.max(0, options.maxInodes() - inodes.size());
    return new FsStat(total, free, free, options.maxInodes(), freeFiles, freeFiles);
  }

  @Override
  public synchronized Attributes resolve(long inode, long generation) throws EngineException {
    MemoryInode n = inode(inode);
    if (n.generation != generation) {
      throw new StaleHandleException(
          "inode %d is generation %d, handle has %d".formatted(inode, n.generation, generation));
    }
    return attributes(n);
  }

  @Override
  public synchronized Attributes getattr(long inode) throws EngineException {
    return attributes(inode(inode));
  }

  @Override
  public synchronized Attributes setChangeTime(long inode, Instant ctime) throws EngineException {
    writable();
    MemoryInode n = inode(inode);
    n.ctime = java.util.Objects.requireNonNull(ctime, "ctime");
    n.change = ++changeCounter;
    return attributes(n);
  }

  @Override
  public synchronized Attributes setattr(long inode, SetAttributes changes) throws EngineException {
    writable();
    MemoryInode n = inode(inode);
    if (changes.mode() != null) {
      checkMode(changes.mode());
    }
    if (changes.size() != null) {
      checkResizable(n, changes.size());
    }
    if (changes.isEmpty()) {
      return attributes(n);
    }
    apply(n, changes);
    return attributes(n);
  }

  @Override
  public synchronized Attributes lookup(long dir, String name) throws EngineException {
    MemoryInode d = directory(dir);
    checkName(name, false);
    if (name.equals(".")) {
      return attributes(d);
    }
    if (name.equals("..")) {
      return attributes(inode(d.parent));
    }
    return attributes(entry(d, name));
  }

  @Override
  public synchronized Attributes create(long dir, String name, SetAttributes initial)
      throws EngineException {
    MemoryInode n = newChild(dir, name, FileType.FILE, initial, 0644);
    n.data = new SparseBytes();
    finishCreate(n, initial, dir, name);
    return attributes(n);
  }

  @Override
  public synchronized Attributes mkdir(long dir, String name, SetAttributes initial)
      throws EngineException {
    writable();
    MemoryInode parent = directory(dir);
    checkName(name, true);
    if (parent.entries.get(name) != null) {
      throw new AlreadyExistsException(name + " exists in directory " + dir);
    }
    checkCanAddLink(parent);
    MemoryInode n = newChild(dir, name, FileType.DIRECTORY, initial, 0755);
    n.entries = new DirectoryEntries();
    n.parent = dir;
    n.nlink = 2;
    parent.nlink++;
    finishCreate(n, initial, dir, name);
    return attributes(n);
  }

  @Override
  public synchronized Attributes symlink(
      long dir, String name, String target, SetAttributes initial) throws EngineException {
    writable();
    MemoryInode d = directory(dir);
    checkName(name, true);
    if (d.entries.get(name) != null) {
      throw new AlreadyExistsException(name + " exists in directory " + dir);
    }
    if (target == null || target.isEmpty() || target.indexOf('\0') >= 0) {
      throw new InvalidArgumentException("symlink target must be non-empty without NUL");
    }
    if (utf8Length(target) > options.limits().maxSymlinkBytes()) {
      throw new NameTooLongException("symlink target longer than the limit");
    }
    MemoryInode n = newChild(dir, name, FileType.SYMLINK, initial.withMode(0777), 0777);
    n.target = target;
    finishCreate(n, initial.withMode(0777), dir, name);
    return attributes(n);
  }

  @Override
  public synchronized String readlink(long inode) throws EngineException {
    MemoryInode n = inode(inode);
    if (n.type != FileType.SYMLINK) {
      throw new InvalidArgumentException("inode " + inode + " is not a symlink");
    }
    return n.target;
  }

  @Override
  public synchronized Attributes mknod(
      long dir, String name, FileType type, long rdev, SetAttributes initial)
      throws EngineException {
    writable();
    if (type == FileType.FILE || type == FileType.DIRECTORY || type == FileType.SYMLINK) {
      throw new InvalidArgumentException("mknod makes devices, FIFOs and sockets, not " + type);
    }
    MemoryInode n = newChild(dir, name, type, initial, 0644);
    n.rdev = (type == FileType.BLOCK_DEVICE || type == FileType.CHAR_DEVICE) ? rdev : 0;
    finishCreate(n, initial, dir, name);
    return attributes(n);
  }

  @Override
  public synchronized Attributes link(long inode, long dir, String name) throws EngineException {
    writable();
    MemoryInode n = inode(inode);
    MemoryInode d = directory(dir);
    checkName(name, true);
    if (d.entries.get(name) != null) {
      throw new AlreadyExistsException(name + " exists");
    }
    if (n.isStream()) {
      throw new InvalidArgumentException("a named stream cannot be linked");
    }
    if (n.type == FileType.DIRECTORY) {
      throw new NotPermittedException("hard links to directories are not allowed");
    }
    checkCanAddLink(n);
    d.entries.add(name, n.number);
    n.nlink++;
    changed(n, false);
    changed(d, true);
    return attributes(n);
  }

  @Override
  public synchronized void unlink(long dir, String name) throws EngineException {
    writable();
    MemoryInode d = directory(dir);
    checkName(name, true);
    MemoryInode n = entry(d, name);
    if (n.type == FileType.DIRECTORY) {
      throw new IsDirectoryException(name + " is a directory; use rmdir");
    }
    d.entries.remove(name);
    dropLink(n);
    changed(d, true);
  }

  @Override
  public synchronized void rmdir(long dir, String name) throws EngineException {
    writable();
    MemoryInode d = directory(dir);
    checkName(name, true);
    MemoryInode n = entry(d, name);
    if (n.type != FileType.DIRECTORY) {
      throw new NotDirectoryException(name + " is not a directory");
    }
    if (!n.entries.isEmpty()) {
      throw new DirectoryNotEmptyException(name + " is not empty");
    }
    d.entries.remove(name);
    d.nlink--;
    free(n);
    changed(d, true);
  }

  @Override
  public synchronized void rename(long fromDir, String fromName, long toDir, String toName)
      throws EngineException {
    writable();
    MemoryInode from = directory(fromDir);
    MemoryInode to = directory(toDir);
    checkName(fromName, true);
    checkName(toName, true);
    MemoryInode src = entry(from, fromName);
    DirectoryEntries.Entry dstEntry = to.entries.get(toName);
    if (dstEntry != null && dstEntry.inode() == src.number) {
      return;
    }
    if (src.type == FileType.DIRECTORY) {
      for (long a = toDir; ; a = inodes.get(a).parent) {
        if (a == src.number) {
          throw new InvalidArgumentException("cannot move a directory into itself");
        }
        if (a == ROOT) {
          break;
        }
      }
    }
    MemoryInode dst = dstEntry == null ? null : inodes.get(dstEntry.inode());
    if (dst != null) {
      if (src.type == FileType.DIRECTORY && dst.type != FileType.DIRECTORY) {
        throw new NotDirectoryException(toName + " is not a directory");
      }
      if (src.type != FileType.DIRECTORY && dst.type == FileType.DIRECTORY) {
        throw new IsDirectoryException(toName + " is a directory");
      }
      if (dst.type == FileType.DIRECTORY && !dst.entries.isEmpty()) {
        throw new DirectoryNotEmptyException(toName + " is not empty");
      }
    }
    boolean movesDirectory = src.type == FileType.DIRECTORY && fromDir != toDir;
    if (movesDirectory && dst == null) {
      checkCanAddLink(to);
    }
    if (dst != null) {
      to.entries.remove(toName);
      if (dst.type == FileType.DIRECTORY) {
        to.nlink--;
        free(dst);
      } else {
        dropLink(dst);
      }
    }
    from.entries.remove(fromName);
    to.entries.add(toName, src.number);
    if (movesDirectory) {
      src.parent = toDir;
      from.nlink--;
      to.nlink++;
    }
    changed(src, false);
    changed(from, true);
    if (to != from) {
      changed(to, true);
    }
  }

  @Override
  public synchronized DirectoryPage readdir(long dir, long cookie, long verifier, int maxEntries)
      throws EngineException {
    MemoryInode d = directory(dir);
    if (maxEntries < 1) {
      throw new InvalidArgumentException("maxEntries must be at least 1");
    }
    long expected = cookieVerifier(d);
    if (cookie != 0 && (verifier != expected || !d.entries.issued(cookie))) {
      throw new BadCookieException(
          "cookie %d is not valid for directory %d".formatted(cookie, dir));
    }
    List<DirectoryEntry> out = new ArrayList<>();
    long last = cookie;
    for (DirectoryEntries.Entry e : d.entries.after(cookie, maxEntries)) {
      out.add(new DirectoryEntry(e.name(), e.inode(), inodes.get(e.inode()).type, e.cookie()));
      last = e.cookie();
    }
    return new DirectoryPage(out, expected, !d.entries.hasAfter(last));
  }

  @Override
  public synchronized int read(long inode, long offset, ByteBuffer dst) throws EngineException {
    MemoryInode n = dataInode(inode);
    if (offset < 0) {
      throw new InvalidArgumentException("negative offset " + offset);
    }
    int count = n.data.read(offset, dst);
    if (options.atimeOnRead() && !readOnly) {
      n.atime = clock.instant();
    }
    return count;
  }

  @Override
  public synchronized WriteResult write(
      long inode, long offset, ByteBuffer src, WriteStability stability) throws EngineException {
    writable();
    MemoryInode n = dataInode(inode);
    int length = src.remaining();
    if (offset < 0) {
      throw new InvalidArgumentException("negative offset " + offset);
    }
    if (offset > options.limits().maxFileSize() - length) {
      throw new FileTooLargeException("write ends past the maximum file size");
    }
    if (length == 0) {
      return new WriteResult(0, WriteStability.FILE_SYNC);
    }
    reserve(n.data.missingPages(offset, length));
    int before = n.data.pageCount();
    n.data.write(offset, src);
    usedPages += n.data.pageCount() - before;
    modified(n);
    return new WriteResult(length, WriteStability.FILE_SYNC);
  }

  @Override
  public synchronized void commit(long inode, long offset, long length) throws EngineException {
    inode(inode); // any inode: a commit is a barrier for the whole file system
    if (offset < 0 || length < 0) {
      throw new InvalidArgumentException("negative commit range");
    }
  }

  @Override
  public synchronized Attributes truncate(long inode, long size) throws EngineException {
    return setattr(inode, SetAttributes.none().withSize(size));
  }

  @Override
  public synchronized Attributes allocate(long inode, long offset, long length, boolean keepSize)
      throws EngineException {
    writable();
    MemoryInode n = dataInode(inode);
    checkRange(offset, length);
    if (offset > options.limits().maxFileSize() - length) {
      throw new FileTooLargeException("allocation ends past the maximum file size");
    }
    reserve(n.data.missingPages(offset, length));
    int before = n.data.pageCount();
    n.data.allocate(offset, length);
    usedPages += n.data.pageCount() - before;
    if (!keepSize && offset + length > n.data.size()) {
      n.data.truncate(offset + length);
      modified(n);
    } else {
      changed(n, false);
    }
    return attributes(n);
  }

  @Override
  public synchronized Attributes punchHole(long inode, long offset, long length)
      throws EngineException {
    writable();
    MemoryInode n = dataInode(inode);
    checkRange(offset, length);
    int before = n.data.pageCount();
    n.data.punch(offset, Math.min(length, Long.MAX_VALUE - offset));
    usedPages += n.data.pageCount() - before;
    modified(n);
    return attributes(n);
  }

  @Override
  public synchronized byte[] getXattr(long inode, String name) throws EngineException {
    MemoryInode n = inode(inode);
    checkAttributeName(name);
    byte[] value = n.xattrs.get(name);
    if (value == null) {
      throw new NoSuchAttributeException("no xattr " + name + " on inode " + inode);
    }
    return value.clone();
  }

  @Override
  public synchronized void setXattr(long inode, String name, byte[] value, XattrSetMode mode)
      throws EngineException {
    writable();
    MemoryInode n = inode(inode);
    checkAttributeName(name);
    if (value == null || value.length > options.limits().maxXattrValueBytes()) {
      throw new InvalidArgumentException("xattr value missing or larger than the limit");
    }
    boolean exists = n.xattrs.containsKey(name);
    if (mode == XattrSetMode.CREATE && exists) {
      throw new AlreadyExistsException("xattr " + name + " exists");
    }
    if (mode == XattrSetMode.REPLACE && !exists) {
      throw new NoSuchAttributeException("no xattr " + name + " to replace");
    }
    n.xattrs.put(name, value.clone());
    changed(n, false);
  }

  @Override
  public synchronized void removeXattr(long inode, String name) throws EngineException {
    writable();
    MemoryInode n = inode(inode);
    checkAttributeName(name);
    if (n.xattrs.remove(name) == null) {
      throw new NoSuchAttributeException("no xattr " + name + " on inode " + inode);
    }
    changed(n, false);
  }

  @Override
  public synchronized List<String> listXattrs(long inode) throws EngineException {
    return List.copyOf(inode(inode).xattrs.keySet());
  }

  @Override
  public synchronized Attributes createStream(long inode, String name) throws EngineException {
    writable();
    MemoryInode owner = streamOwner(inode);
    checkStreamName(name);
    if (owner.streams.containsKey(name)) {
      throw new AlreadyExistsException("stream " + name + " exists");
    }
    MemoryInode s = allocate(FileType.FILE);
    s.mode = owner.mode;
    s.uid = owner.uid;
    s.gid = owner.gid;
    s.nlink = 1;
    s.data = new SparseBytes();
    s.streamOwner = owner.number;
    owner.streams.put(name, s.number);
    changed(owner, false);
    return attributes(s);
  }

  @Override
  public synchronized Attributes lookupStream(long inode, String name) throws EngineException {
    MemoryInode owner = streamOwner(inode);
    checkStreamName(name);
    Long s = owner.streams.get(name);
    if (s == null) {
      throw new NoSuchEntryException("no stream " + name + " on inode " + inode);
    }
    return attributes(inodes.get(s));
  }

  @Override
  public synchronized void removeStream(long inode, String name) throws EngineException {
    writable();
    MemoryInode owner = streamOwner(inode);
    checkStreamName(name);
    Long s = owner.streams.remove(name);
    if (s == null) {
      throw new NoSuchEntryException("no stream " + name + " on inode " + inode);
    }
    free(inodes.get(s));
    changed(owner, false);
  }

  @Override
  public synchronized List<StreamInfo> listStreams(long inode) throws EngineException {
    MemoryInode owner = streamOwner(inode);
    List<StreamInfo> out = new ArrayList<>();
    for (Map.Entry<String, Long> e : owner.streams.entrySet()) {
      MemoryInode s = inodes.get(e.getValue());
      out.add(new StreamInfo(e.getKey(), s.number, s.data.size(), allocated(s)));
    }
    return out;
  }

  @Override
  public synchronized Acl getAcl(long inode) throws EngineException {
    MemoryInode n = inode(inode);
    return n.acl != null ? n.acl : Acl.fromMode(n.mode);
  }

  @Override
  public synchronized void setAcl(long inode, Acl acl) throws EngineException {
    writable();
    MemoryInode n = inode(inode);
    if (acl == null) {
      throw new InvalidArgumentException("acl must not be null");
    }
    n.acl = acl;
    changed(n, false);
  }

  // ---- helpers (caller holds the lock) ----

  private void writable() throws ReadOnlyFileSystemException {
    if (readOnly) {
      throw new ReadOnlyFileSystemException("file system " + guid + " is a read-only snapshot");
    }
  }

  private MemoryInode inode(long number) throws EngineException {
    if (number <= 0) {
      throw new BadHandleException("inode number " + number + " is never valid");
    }
    MemoryInode n = inodes.get(number);
    if (n == null) {
      throw new StaleHandleException("inode " + number + " does not exist");
    }
    return n;
  }

  private MemoryInode directory(long number) throws EngineException {
    MemoryInode n = inode(number);
    if (n.type != FileType.DIRECTORY) {
      throw new NotDirectoryException("inode " + number + " is not a directory");
    }
    return n;
  }

  private MemoryInode dataInode(long number) throws EngineException {
    MemoryInode n = inode(number);
    if (n.type == FileType.DIRECTORY) {
      throw new IsDirectoryException("inode " + number + " is a directory");
    }
    if (n.type != FileType.FILE) {
      throw new InvalidArgumentException("inode " + number + " is a " + n.type + ", not a file");
    }
    return n;
  }

  private MemoryInode streamOwner(long number) throws EngineException {
    MemoryInode n = inode(number);
    if (n.isStream()) {
      throw new InvalidArgumentException("a named stream has no streams of its own");
    }
    if (n.type != FileType.FILE && n.type != FileType.DIRECTORY) {
      throw new InvalidArgumentException("only files and directories have named streams");
    }
    return n;
  }

  private MemoryInode entry(MemoryInode dir, String name) throws EngineException {
    DirectoryEntries.Entry e = dir.entries.get(name);
    if (e == null) {
      throw new NoSuchEntryException("no entry " + name + " in directory " + dir.number);
    }
    return inodes.get(e.inode());
  }

  private void checkName(String name, boolean forChange) throws EngineException {
    if (name == null || name.isEmpty()) {
      throw new InvalidArgumentException("empty name");
    }
    if (utf8Length(name) > options.limits().maxNameBytes()) {
      throw new NameTooLongException(
          "name longer than " + options.limits().maxNameBytes() + " bytes");
    }
    if (name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
      throw new InvalidArgumentException("name contains '/' or NUL: " + name);
    }
    if (forChange && (name.equals(".") || name.equals(".."))) {
      throw new InvalidArgumentException("'" + name + "' cannot be created, removed or renamed");
    }
  }

  private void checkAttributeName(String name) throws EngineException {
    if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) {
      throw new InvalidArgumentException("xattr names are non-empty without NUL");
    }
    if (utf8Length(name) > options.limits().maxNameBytes()) {
      throw new NameTooLongException("xattr name longer than the limit");
    }
  }

  private void checkStreamName(String name) throws EngineException {
    checkAttributeName(name);
    if (name.indexOf('/') >= 0 || name.indexOf(':') >= 0) {
      throw new InvalidArgumentException("stream names contain no '/' or ':': " + name);
    }
  }

  private static void checkMode(int mode) throws InvalidArgumentException {
    if ((mode & ~07777) != 0) {
      throw new InvalidArgumentException(
          "mode has bits outside 07777: " + Integer.toOctalString(mode));
    }
  }

  private static void checkRange(long offset, long length) throws InvalidArgumentException {
    if (offset < 0 || length <= 0) {
      throw new InvalidArgumentException("range needs offset >= 0 and length > 0");
    }
  }

  private void checkResizable(MemoryInode n, long size) throws EngineException {
    if (n.type == FileType.DIRECTORY) {
      throw new IsDirectoryException("cannot set the size of a directory");
    }
    if (n.type != FileType.FILE) {
      throw new InvalidArgumentException("only files have a settable size");
    }
    if (size < 0) {
      throw new InvalidArgumentException("negative size " + size);
    }
    if (size > options.limits().maxFileSize()) {
      throw new FileTooLargeException("size " + size + " exceeds the maximum file size");
    }
  }

  private void checkCanAddLink(MemoryInode n) throws TooManyLinksException {
    if (n.nlink >= options.limits().maxLinks()) {
      throw new TooManyLinksException("inode " + n.number + " has the maximum link count");
    }
  }

  private void reserve(long pages) throws EngineException {
    long after = (usedPages + pages) * PAGE;
    if (options.quotaBytes() > 0 && after > options.quotaBytes()) {
      throw new QuotaExceededException("quota of " + options.quotaBytes() + " bytes exceeded");
    }
    if (after > options.capacityBytes()) {
      throw new NoSpaceException("no space left (" + options.capacityBytes() + " bytes)");
    }
  }

  private MemoryInode newChild(
      long dir, String name, FileType type, SetAttributes initial, int defaultMode)
      throws EngineException {
    writable();
    MemoryInode d = directory(dir);
    checkName(name, true);
    if (d.entries.get(name) != null) {
      throw new AlreadyExistsException(name + " exists in directory " + dir);
    }
    if (initial.mode() != null) {
      checkMode(initial.mode());
    }
    if (initial.size() != null && initial.size() != 0) {
      throw new InvalidArgumentException("initial size must be 0; write or truncate afterwards");
    }
    MemoryInode n = allocate(type);
    n.mode = initial.mode() != null ? initial.mode() : defaultMode;
    n.uid = initial.uid() != null ? initial.uid() : 0;
    n.gid = initial.gid() != null ? initial.gid() : 0;
    n.nlink = 1;
    return n;
  }

  private void finishCreate(MemoryInode n, SetAttributes initial, long dir, String name) {
    // The size is 0 (checked in newChild), so only the other fields need applying.
    apply(
        n,
        new SetAttributes(
            n.mode,
            initial.uid(),
            initial.gid(),
            initial.ownerSid(),
            initial.groupSid(),
            null,
            initial.atime(),
            initial.mtime(),
            initial.birthtime(),
            initial.dosAttributes()));
    MemoryInode d = inodes.get(dir);
    d.entries.add(name, n.number);
    changed(d, true);
  }

  private MemoryInode allocate(FileType type) throws NoSpaceException {
    if (inodes.size() >= options.maxInodes()) {
      throw new NoSpaceException("no free inodes (" + options.maxInodes() + ")");
    }
    long number = freeNumbers.isEmpty() ? nextNumber++ : freeNumbers.pop();
    long generation = generations.merge(number, 1L, Long::sum);
    MemoryInode n = new MemoryInode(number, generation, type);
    Instant now = clock.instant();
    n.atime = now;
    n.mtime = now;
    n.ctime = now;
    n.birthtime = now;
    n.change = ++changeCounter;
    inodes.put(number, n);
    return n;
  }

  private void free(MemoryInode n) {
    for (Long s : n.streams.values()) {
      free(inodes.get(s));
    }
    if (n.data != null) {
      usedPages -= n.data.pageCount();
    }
    inodes.remove(n.number);
    freeNumbers.push(n.number);
  }

  private void dropLink(MemoryInode n) {
    n.nlink--;
    if (n.nlink == 0) {
      free(n);
    } else {
      changed(n, false);
    }
  }

  private void apply(MemoryInode n, SetAttributes c) {
    Instant now = clock.instant();
    if (c.mode() != null) {
      n.mode = c.mode();
    }
    if (c.uid() != null) {
      n.uid = c.uid();
    }
    if (c.gid() != null) {
      n.gid = c.gid();
    }
    if (c.ownerSid() != null) {
      n.ownerSid = c.ownerSid();
    }
    if (c.groupSid() != null) {
      n.groupSid = c.groupSid();
    }
    if (c.dosAttributes() != null) {
      n.dos =
          c.dosAttributes().isEmpty()
              ? EnumSet.noneOf(DosAttribute.class)
              : EnumSet.copyOf(c.dosAttributes());
    }
    if (c.size() != null) {
      int before = n.data.pageCount();
      n.data.truncate(c.size());
      usedPages += n.data.pageCount() - before;
      n.mtime = now;
    }
    if (c.atime() != null) {
      n.atime = time(c.atime(), now);
    }
    if (c.mtime() != null) {
      n.mtime = time(c.mtime(), now);
    }
    if (c.birthtime() != null) {
      n.birthtime = c.birthtime();
    }
    n.ctime = now;
    n.change = ++changeCounter;
  }

  private static Instant time(TimeSet set, Instant now) {
    return set.isServerTime() ? now : set.instant();
  }

  /** Records a metadata change, and a content change too when {@code content}. */
  private void changed(MemoryInode n, boolean content) {
    Instant now = clock.instant();
    if (content) {
      n.mtime = now;
    }
    n.ctime = now;
    n.change = ++changeCounter;
  }

  private void modified(MemoryInode n) {
    changed(n, true);
  }

  private long cookieVerifier(MemoryInode d) {
    return (d.number << 20) ^ d.generation ^ guid;
  }

  private Attributes attributes(MemoryInode n) {
    long size =
        switch (n.type) {
          case FILE -> n.data.size();
          case DIRECTORY -> n.entries.size();
          case SYMLINK -> utf8Length(n.target);
          default -> 0;
        };
    return new Attributes(
        n.number,
        n.generation,
        n.type,
        n.mode,
        n.nlink,
        n.uid,
        n.gid,
        n.ownerSid,
        n.groupSid,
        size,
        allocated(n),
        n.rdev,
        n.atime,
        n.mtime,
        n.ctime,
        n.birthtime,
        n.dos,
        n.change);
  }

  private static long allocated(MemoryInode n) {
    return n.data == null ? 0 : (long) n.data.pageCount() * PAGE;
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
