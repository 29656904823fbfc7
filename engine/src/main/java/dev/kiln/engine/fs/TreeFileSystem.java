package dev.kiln.engine.fs;

import dev.kiln.engine.api.acl.Acl;
import dev.kiln.engine.api.error.AlreadyExistsException;
import dev.kiln.engine.api.error.BadCookieException;
import dev.kiln.engine.api.error.BadHandleException;
import dev.kiln.engine.api.error.CorruptDataException;
import dev.kiln.engine.api.error.DirectoryNotEmptyException;
import dev.kiln.engine.api.error.FileTooLargeException;
import dev.kiln.engine.api.error.InvalidArgumentException;
import dev.kiln.engine.api.error.IsDirectoryException;
import dev.kiln.engine.api.error.NameTooLongException;
import dev.kiln.engine.api.error.NoSuchAttributeException;
import dev.kiln.engine.api.error.NoSuchEntryException;
import dev.kiln.engine.api.error.NotDirectoryException;
import dev.kiln.engine.api.error.NotPermittedException;
import dev.kiln.engine.api.error.ReadOnlyFileSystemException;
import dev.kiln.engine.api.error.StaleHandleException;
import dev.kiln.engine.api.error.TooManyLinksException;
import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.CaseSensitivity;
import dev.kiln.engine.api.fs.DirectoryEntry;
import dev.kiln.engine.api.fs.DirectoryPage;
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
import dev.kiln.engine.block.BlockStore;
import dev.kiln.engine.block.ChecksumMismatchException;
import dev.kiln.engine.objset.DirtyRecords;
import dev.kiln.engine.objset.ObjectSetContext;
import dev.kiln.engine.objset.ObjectSetSettings;
import dev.kiln.engine.objset.ObjectSetSettings.SyncMode;
import dev.kiln.engine.tree.CorruptNodeException;
import dev.kiln.engine.tree.TreeEntry;
import dev.kiln.engine.tree.TreeKey;
import dev.kiln.engine.tree.TreeReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link FileSystem} stored in one object-set B+tree (see the package description for the item
 * layout, logging and replay). Writable instances work on an {@link ObjectSetContext}'s head tree;
 * read-only views ({@link #view}) work on a committed root, such as a snapshot's.
 */
public final class TreeFileSystem implements FileSystem {

  /** The root directory's inode number. */
  public static final long ROOT = 1;

  private static final TreeKey HEADER_KEY = ItemType.key(0, ItemType.HEADER, 0);
  private static final int MAX_NAME_COLLISIONS = 8;

  /** Largest encoded ACL: it must fit one intent-log record (about a thousand entries). */
  private static final int MAX_ACL_BYTES = 64 * 1024;

  private final ObjectSetContext ctx;
  private final TreeReader viewTree;
  private final BlockStore viewStore;
  private final long viewGuid;
  private final Clock viewClock;
  private final Lock lock;
  // The context's dirty records (partial records of unstable writes not stored yet), or null.
  private final DirtyRecords dirtyRecords;
  private final long writeVerifier = ThreadLocalRandom.current().nextLong();
  private final FsLimits limits = FsLimits.defaults();
  // Guarded by lock: the last record this file system appended, the newest txg holding an unlogged
  // (unstable) write, and the newest txg known committed by a syncNow of our own.
  private long lastAppended = -1;
  private long unloggedTxg = -1;
  private long syncedTxg = -1;

  // Unlogged writes a commit may log instead of syncing (guarded by lock), and whether the current
  // operation's unlogged write is tracked there.
  private final PendingData pending = new PendingData(1L << 20, 256);
  private boolean unloggedTracked;

  // Per-operation state, guarded by lock.
  private TreeReader reader;
  private BlockStore store;
  private TreeChanges changes;
  private FsHeader header;
  private boolean headerDirty;
  private NameFolding folding = NameFolding.SENSITIVE;
  private Instant now;
  private ObjectSetSettings opSettings;
  private final Map<Long, Inode> loaded = new HashMap<>();
  private final Map<Long, Inode> dirty = new LinkedHashMap<>();

  private TreeFileSystem(
      ObjectSetContext ctx, TreeReader viewTree, BlockStore viewStore, long viewGuid, Clock clock) {
    this.ctx = ctx;
    this.viewTree = viewTree;
    this.viewStore = viewStore;
    this.viewGuid = viewGuid;
    this.viewClock = clock;
    this.lock = ctx != null ? ctx.lock() : new ReentrantLock();
    this.dirtyRecords = ctx != null ? ctx.dirtyRecords().orElse(null) : null;
  }

  /**
   * The file system of {@code ctx}'s head tree; an empty tree is formatted first (root directory
   * and header, logged like any other change).
   */
  public static TreeFileSystem open(ObjectSetContext ctx) throws IOException {
    TreeFileSystem fs = new TreeFileSystem(Objects.requireNonNull(ctx, "ctx"), null, null, 0, null);
    if (fs.dirtyRecords != null) {
      fs.lock.lock();
      try {
        fs.dirtyRecords.flusher(records -> storeDirty(ctx, records));
      } finally {
        fs.lock.unlock();
      }
    }
    try {
      fs.formatIfEmpty();
    } catch (ChecksumMismatchException | CorruptNodeException e) {
      // The dataset's own tree is damaged: refuse it with the engine-api status, never guess.
      throw new CorruptDataException("file system metadata failed verification", e);
    }
    return fs;
  }

  /**
   * A read-only view of a committed tree (a snapshot's root): {@code tree} must be immutable, such
   * as a {@link dev.kiln.engine.tree.TreeSnapshot}.
   */
  public static TreeFileSystem view(TreeReader tree, BlockStore store, long guid, Clock clock)
      throws IOException {
    TreeFileSystem fs =
        new TreeFileSystem(
            null,
            Objects.requireNonNull(tree, "tree"),
            Objects.requireNonNull(store, "store"),
            guid,
            Objects.requireNonNull(clock, "clock"));
    fs.query(fs::readHeader);
    fs.folding = NameFolding.decode(tree.get(NameFolding.KEY));
    return fs;
  }

  private void formatIfEmpty() throws IOException {
    lock.lock();
    long commitTo = -1;
    try {
      if (ctx.tree().get(HEADER_KEY).isPresent()) {
        FsHeader.decode(ctx.tree().get(HEADER_KEY).get());
        folding = NameFolding.decode(ctx.tree().get(NameFolding.KEY));
        return;
      }
      if (ctx.settings().readOnly()) {
        throw new ReadOnlyFileSystemException("cannot format a read-only, empty object set");
      }
      IntentRecord.Builder rec = logBuilder();
      TreeChanges c =
          new TreeChanges(
              ctx.tree(), ctx.store(), ctx.openTxg(), ctx.settings().compression(), rec);
      Instant t = ctx.clock().instant();
      Inode root = new Inode(ROOT);
      root.generation = 1;
      root.type = FileType.DIRECTORY;
      root.mode = 0755;
      root.nlink = 2;
      root.atime = t;
      root.mtime = t;
      root.ctime = t;
      root.birthtime = t;
      root.change = 1;
      root.parent = ROOT;
      root.recordSize = ctx.settings().recordSize();
      root.nextCookie = 3;
      root.nextXattrId = 1;
      c.put(ItemType.key(ROOT, ItemType.INODE, 0), root.encode());
      c.put(HEADER_KEY, new FsHeader(ROOT, ROOT + 1, 1, 1, 1).encode());
      NameFolding f = NameFolding.of(ctx.settings().caseSensitivity());
      if (f.stored()) {
        c.put(NameFolding.KEY, f.encode());
      }
      folding = f;
      for (byte[] r : c.records()) {
        lastAppended = ctx.intentLog().append(r);
        commitTo = lastAppended;
      }
    } finally {
      lock.unlock();
    }
    if (commitTo >= 0) {
      ctx.intentLog().commit(commitTo);
    }
  }

  // ---- identity and limits ----

  @Override
  public long guid() {
    return ctx != null ? ctx.guid() : viewGuid;
  }

  @Override
  public long rootInode() {
    return ROOT;
  }

  @Override
  public boolean readOnly() {
    return ctx == null || ctx.settings().readOnly();
  }

  @Override
  public Set<FsFeature> features() {
    return EnumSet.allOf(FsFeature.class);
  }

  @Override
  public FsLimits limits() {
    return limits;
  }

  @Override
  public long writeVerifier() {
    return writeVerifier;
  }

  /** Re-applies an intent record written by this layer (see {@link IntentReplayer}). */
  public void replay(byte[] record) throws IOException {
    if (ctx == null) {
      throw new ReadOnlyFileSystemException("cannot replay into a read-only view");
    }
    new IntentReplayer(ctx).replay(record);
  }

  @Override
  public FsStat statfs() throws IOException {
    return query(
        () -> {
          long inodes = readHeader().inodeCount();
          if (ctx == null) {
            return new FsStat(0, 0, 0, inodes, 0, 0);
          }
          long available = Math.max(0, ctx.availableBytes());
          long total = available + Math.max(0, ctx.referencedBytes());
          long freeFiles = available / 512;
          return new FsStat(total, available, available, inodes + freeFiles, freeFiles, freeFiles);
        });
  }

  // ---- attributes ----

  @Override
  public Attributes resolve(long inode, long generation) throws IOException {
    return query(
        () -> {
          Inode n = inode(inode);
          if (n.generation != generation) {
            throw new StaleHandleException(
                "inode %d is generation %d, handle has %d"
                    .formatted(inode, n.generation, generation));
          }
          return n.attributes();
        });
  }

  @Override
  public Attributes getattr(long inode) throws IOException {
    return query(() -> inode(inode).attributes());
  }

  @Override
  public Attributes setattr(long inode, SetAttributes changes) throws IOException {
    return change(
        Logging.LOGGED,
        () -> {
          Inode n = inode(inode);
          if (changes.mode() != null) {
            checkMode(changes.mode());
          }
          if (changes.size() != null) {
            checkResizable(n, changes.size());
          }
          if (changes.isEmpty()) {
            return n.attributes();
          }
          apply(n, changes);
          return n.attributes();
        });
  }

  @Override
  public Attributes setChangeTime(long inode, Instant ctime) throws IOException {
    java.util.Objects.requireNonNull(ctime, "ctime");
    return change(
        Logging.LOGGED,
        () -> {
          Inode n = inode(inode);
          // Logged like any setattr: the inode (with this ctime) is what the intent record holds.
          n.ctime = ctime;
          n.change = nextChange();
          touch(n);
          return n.attributes();
        });
  }

  // ---- names ----

  @Override
  public Attributes lookup(long dir, String name) throws IOException {
    return query(
        () -> {
          Inode d = directory(dir);
          checkName(name, false);
          if (name.equals(".")) {
            return d.attributes();
          }
          if (name.equals("..")) {
            return inode(d.parent).attributes();
          }
          return entry(d, name).attributes();
        });
  }

  @Override
  public CaseSensitivity caseSensitivity() {
    return folding.mode();
  }

  @Override
  public Attributes lookupIgnoringCase(long dir, String name) throws IOException {
    if (folding.mode() == CaseSensitivity.SENSITIVE) {
      return lookup(dir, name);
    }
    return query(
        () -> {
          Inode d = directory(dir);
          checkName(name, false);
          if (name.equals(".") || name.equals("..")) {
            return lookup(dir, name);
          }
          NameList.Name e = findNameIgnoringCase(d, name);
          if (e == null) {
            throw new NoSuchEntryException("no entry " + name + " in directory " + dir);
          }
          return inode(e.inode()).attributes();
        });
  }

  @Override
  public Attributes create(long dir, String name, SetAttributes initial) throws IOException {
    return change(
        Logging.LOGGED,
        () -> {
          Inode n = newChild(dir, name, FileType.FILE, initial, 0644);
          finishCreate(n, initial, dir, name);
          return n.attributes();
        });
  }

  @Override
  public Attributes mkdir(long dir, String name, SetAttributes initial) throws IOException {
    return change(
        Logging.LOGGED,
        () -> {
          Inode parent = directory(dir);
          checkName(name, true);
          if (findName(parent, name) != null) {
            throw new AlreadyExistsException(name + " exists in directory " + dir);
          }
          checkCanAddLink(parent);
          Inode n = newChild(dir, name, FileType.DIRECTORY, initial, 0755);
          n.parent = dir;
          n.nlink = 2;
          parent.nlink++;
          finishCreate(n, initial, dir, name);
          return n.attributes();
        });
  }

  @Override
  public Attributes symlink(long dir, String name, String target, SetAttributes initial)
      throws IOException {
    return change(
        Logging.LOGGED,
        () -> {
          Inode d = directory(dir);
          checkName(name, true);
          if (findName(d, name) != null) {
            throw new AlreadyExistsException(name + " exists in directory " + dir);
          }
          if (target == null || target.isEmpty() || target.indexOf('\0') >= 0) {
            throw new InvalidArgumentException("symlink target must be non-empty without NUL");
          }
          byte[] bytes = target.getBytes(StandardCharsets.UTF_8);
          if (bytes.length > limits.maxSymlinkBytes()) {
            throw new NameTooLongException("symlink target longer than the limit");
          }
          SetAttributes withMode = initial.withMode(0777);
          Inode n = newChild(dir, name, FileType.SYMLINK, withMode, 0777);
          n.size = bytes.length;
          Chunks.put(changes, n.number, ItemType.SYMLINK, 0, bytes);
          finishCreate(n, withMode, dir, name);
          return n.attributes();
        });
  }

  @Override
  public String readlink(long inode) throws IOException {
    return query(
        () -> {
          Inode n = inode(inode);
          if (n.type != FileType.SYMLINK) {
            throw new InvalidArgumentException("inode " + inode + " is not a symlink");
          }
          byte[] b = Chunks.get(reader, n.number, ItemType.SYMLINK, 0);
          if (b == null) {
            throw new CorruptDataException("symlink " + inode + " has no target item");
          }
          return new String(b, StandardCharsets.UTF_8);
        });
  }

  @Override
  public Attributes mknod(long dir, String name, FileType type, long rdev, SetAttributes initial)
      throws IOException {
    return change(
        Logging.LOGGED,
        () -> {
          if (type == FileType.FILE || type == FileType.DIRECTORY || type == FileType.SYMLINK) {
            throw new InvalidArgumentException(
                "mknod makes devices, FIFOs and sockets, not " + type);
          }
          Inode n = newChild(dir, name, type, initial, 0644);
          n.rdev = (type == FileType.BLOCK_DEVICE || type == FileType.CHAR_DEVICE) ? rdev : 0;
          finishCreate(n, initial, dir, name);
          return n.attributes();
        });
  }

  @Override
  public Attributes link(long inode, long dir, String name) throws IOException {
    return change(
        Logging.LOGGED,
        () -> {
          Inode n = inode(inode);
          Inode d = directory(dir);
          checkName(name, true);
          if (findName(d, name) != null) {
            throw new AlreadyExistsException(name + " exists");
          }
          if (n.isStream()) {
            throw new InvalidArgumentException("a named stream cannot be linked");
          }
          if (n.type == FileType.DIRECTORY) {
            throw new NotPermittedException("hard links to directories are not allowed");
          }
          checkCanAddLink(n);
          addEntry(d, name, n);
          n.nlink++;
          changed(n, false);
          changed(d, true);
          return n.attributes();
        });
  }

  @Override
  public void unlink(long dir, String name) throws IOException {
    change(
        Logging.LOGGED,
        () -> {
          Inode d = directory(dir);
          checkName(name, true);
          NameList.Name e = existing(d, name);
          Inode n = inode(e.inode());
          if (n.type == FileType.DIRECTORY) {
            throw new IsDirectoryException(name + " is a directory; use rmdir");
          }
          removeEntry(d, e);
          dropLink(n);
          changed(d, true);
          return null;
        });
  }

  @Override
  public void rmdir(long dir, String name) throws IOException {
    change(
        Logging.LOGGED,
        () -> {
          Inode d = directory(dir);
          checkName(name, true);
          NameList.Name e = existing(d, name);
          Inode n = inode(e.inode());
          if (n.type != FileType.DIRECTORY) {
            throw new NotDirectoryException(name + " is not a directory");
          }
          if (n.entryCount != 0) {
            throw new DirectoryNotEmptyException(name + " is not empty");
          }
          removeEntry(d, e);
          d.nlink--;
          free(n);
          changed(d, true);
          return null;
        });
  }

  @Override
  public void rename(long fromDir, String fromName, long toDir, String toName) throws IOException {
    change(
        Logging.LOGGED,
        () -> {
          Inode from = directory(fromDir);
          Inode to = directory(toDir);
          checkName(fromName, true);
          checkName(toName, true);
          NameList.Name srcEntry = existing(from, fromName);
          Inode src = inode(srcEntry.inode());
          NameList.Name dstEntry = findName(to, toName);
          // On an insensitive file system "a" -> "A" finds "a" itself: a change of case, not a
          // rename onto another link of the same file (which does nothing, as in POSIX).
          boolean caseOnly =
              dstEntry != null
                  && fromDir == toDir
                  && dstEntry.cookie() == srcEntry.cookie()
                  && !dstEntry.name().equals(toName);
          if (caseOnly) {
            dstEntry = null;
          }
          if (dstEntry != null && dstEntry.inode() == src.number) {
            return null;
          }
          if (src.type == FileType.DIRECTORY) {
            for (long a = toDir; ; a = inode(a).parent) {
              if (a == src.number) {
                throw new InvalidArgumentException("cannot move a directory into itself");
              }
              if (a == ROOT) {
                break;
              }
            }
          }
          Inode dst = dstEntry == null ? null : inode(dstEntry.inode());
          if (dst != null) {
            if (src.type == FileType.DIRECTORY && dst.type != FileType.DIRECTORY) {
              throw new NotDirectoryException(toName + " is not a directory");
            }
            if (src.type != FileType.DIRECTORY && dst.type == FileType.DIRECTORY) {
              throw new IsDirectoryException(toName + " is a directory");
            }
            if (dst.type == FileType.DIRECTORY && dst.entryCount != 0) {
              throw new DirectoryNotEmptyException(toName + " is not empty");
            }
          }
          boolean movesDirectory = src.type == FileType.DIRECTORY && fromDir != toDir;
          if (movesDirectory && dst == null) {
            checkCanAddLink(to);
          }
          if (dst != null) {
            removeEntry(to, dstEntry);
            if (dst.type == FileType.DIRECTORY) {
              to.nlink--;
              free(dst);
            } else {
              dropLink(dst);
            }
          }
          removeEntry(from, srcEntry);
          addEntry(to, toName, src);
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
          return null;
        });
  }

  @Override
  public DirectoryPage readdir(long dir, long cookie, long verifier, int maxEntries)
      throws IOException {
    return query(
        () -> {
          Inode d = directory(dir);
          if (maxEntries < 1) {
            throw new InvalidArgumentException("maxEntries must be at least 1");
          }
          long expected = cookieVerifier(d);
          if (cookie != 0 && (verifier != expected || cookie < 0 || cookie >= d.nextCookie)) {
            throw new BadCookieException(
                "cookie %d is not valid for directory %d".formatted(cookie, dir));
          }
          int limit = maxEntries == Integer.MAX_VALUE ? maxEntries : maxEntries + 1;
          List<TreeEntry> items =
              reader.scan(
                  ItemType.key(dir, ItemType.DIRENT, cookie == 0 ? 0 : cookie + 1),
                  ItemType.end(dir, ItemType.DIRENT),
                  limit);
          List<DirectoryEntry> out = new ArrayList<>();
          for (TreeEntry item : items) {
            if (out.size() == maxEntries) {
              break;
            }
            ItemReader r = new ItemReader(item.value(), "directory entry");
            long child = r.i64();
            int type = Byte.toUnsignedInt(r.u8());
            String name = r.string();
            r.end();
            if (type >= FileType.values().length || name == null) {
              throw new CorruptDataException("malformed directory entry " + item.key());
            }
            out.add(new DirectoryEntry(name, child, FileType.values()[type], item.key().offset()));
          }
          return new DirectoryPage(out, expected, items.size() <= out.size());
        });
  }

  // ---- data ----

  @Override
  public int read(long inode, long offset, ByteBuffer dst) throws IOException {
    Optional<ReadWriteLock> readers = ctx != null ? ctx.blockReaders() : Optional.empty();
    Lock shared = readers.map(ReadWriteLock::readLock).orElse(null);
    // The blocks are found under the lock and, when the context allows it, read and decompressed
    // after releasing it, so other operations on the file system proceed meanwhile.
    ObjectData.ReadPlan plan =
        query(
            () -> {
              Inode n = dataInode(inode);
              if (offset < 0) {
                throw new InvalidArgumentException("negative offset " + offset);
              }
              ObjectData.ReadPlan p =
                  ObjectData.plan(
                      reader,
                      store,
                      dirtyRecords,
                      n.number,
                      n.recordSize,
                      n.size,
                      offset,
                      dst.remaining(),
                      shared == null ? -1 : ctx.openTxg());
              if (shared == null) {
                ObjectData.fill(store, p, dst);
              }
              if (ctx != null && settings().atime() && !settings().readOnly()) {
                // Access times are not logged (as in ZFS): they become durable with the next txg.
                n.atime = now;
                ctx.tree().put(ItemType.key(n.number, ItemType.INODE, 0), n.encode());
              }
              if (shared != null) {
                shared.lock(); // last: nothing below may fail while it is held
              }
              return p;
            });
    if (shared == null) {
      return plan.total();
    }
    try {
      return ObjectData.fill(ctx.store(), plan, dst);
    } finally {
      shared.unlock();
    }
  }

  @Override
  public WriteResult write(long inode, long offset, ByteBuffer src, WriteStability stability)
      throws IOException {
    ObjectSetSettings settings = ctx == null ? null : ctx.settings();
    SyncMode sync = settings == null ? SyncMode.STANDARD : settings.sync();
    boolean logged = ctx != null && sync != SyncMode.DISABLED;
    boolean stable = stability != WriteStability.UNSTABLE || sync == SyncMode.ALWAYS;
    // Whole records of a large write are compressed and checksummed before the lock, by the
    // writer's own thread (the file's record size is the dataset's unless it changed since).
    PreparedWrite prepared =
        settings == null || !src.hasArray() || src.remaining() < settings.recordSize()
            ? PreparedWrite.NONE
            : PreparedWrite.of(
                settings.compression(),
                settings.recordSize(),
                offset,
                src.array(),
                src.arrayOffset() + src.position(),
                src.remaining());
    // Unstable data is not logged: its blocks are already in the pool and become durable with
    // their txg, or at the next commit, which syncs the txg (see the package description).
    int count =
        change(
            stable ? Logging.COMMITTED : Logging.UNLOGGED,
            () -> {
              Inode n = dataInode(inode);
              int length = src.remaining();
              if (offset < 0) {
                throw new InvalidArgumentException("negative offset " + offset);
              }
              if (offset > limits.maxFileSize() - length) {
                throw new FileTooLargeException("write ends past the maximum file size");
              }
              if (length == 0) {
                return 0;
              }
              // Whole records are stored straight from a heap buffer's array, without a copy.
              byte[] data;
              int from;
              if (src.hasArray()) {
                data = src.array();
                from = src.arrayOffset() + src.position();
              } else {
                data = new byte[length];
                src.duplicate().get(data);
                from = 0;
              }
              if (!stable && dirtyRecords != null) {
                changes.absorbPartialRecords(
                    dirtyRecords, mayKeepDirty(n, offset, length) && spaceForDirty(n));
              }
              n.allocated +=
                  changes.write(
                      n.number,
                      n.recordSize,
                      offset,
                      data,
                      from,
                      length,
                      (end, last) -> {
                        if (!last) {
                          // A torn multi-record write replays as a prefix: log the size it implies.
                          long size = n.size;
                          n.size = Math.max(size, end);
                          changes.logOnly(ItemType.key(n.number, ItemType.INODE, 0), n.encode());
                          n.size = size;
                        }
                      },
                      prepared);
              n.size = Math.max(n.size, offset + length);
              changed(n, true);
              if (!stable && sync == SyncMode.STANDARD) {
                unloggedTracked = pending.track(n.number, n.recordSize, offset, length);
              }
              src.position(src.limit());
              return length;
            });
    if (count == 0) {
      return new WriteResult(0, WriteStability.FILE_SYNC);
    }
    WriteStability reached = !logged ? stability : stable ? WriteStability.FILE_SYNC : stability;
    return new WriteResult(count, reached);
  }

  /**
   * Whether an unstable write may add dirty records: only for partial records, and only while the
   * dirty records stay a small part of memory (a full set is flushed before the next write).
   */
  private boolean mayKeepDirty(Inode n, long offset, int length) {
    return TreeChanges.addsDirty(dirtyRecords, n.number, n.recordSize, offset, length);
  }

  /**
   * Whether the space of every dirty record, and of two more, is available: a dirty record is
   * stored later (at the sync), when a quota or full pool could no longer reach the writer, so its
   * worst case (a whole uncompressed record) is reserved now. Otherwise the write stores its
   * records at once and gets the error itself.
   */
  private boolean spaceForDirty(Inode n) {
    return ctx.availableBytes() >= (dirtyRecords.count() + 2L) * n.recordSize;
  }

  /**
   * Stores every dirty record of {@code ctx} into its tree and adds the allocation to the inodes;
   * called with the lock held and no operation in progress (at the txg sync, or at the start of an
   * operation). A record that cannot be stored stays dirty, and so do the ones after it.
   */
  private static void storeDirty(ObjectSetContext ctx, DirtyRecords records) throws IOException {
    TreeChanges c = TreeChanges.begin(ctx, false);
    Map<Long, Long> allocated = new HashMap<>();
    try {
      records.storeEach(
          (at, r) -> {
            // A removed file's records are dropped (removal flushes first, so none should exist).
            if (ctx.tree().get(ItemType.key(at.object(), ItemType.INODE, 0)).isPresent()) {
              allocated.merge(at.object(), c.storeDirty(at.object(), at.start(), r), Long::sum);
            }
          });
    } finally {
      // What was stored is accounted even when a later record failed.
      for (Map.Entry<Long, Long> e : allocated.entrySet()) {
        addAllocated(ctx, e.getKey(), e.getValue());
      }
    }
  }

  private static void addAllocated(ObjectSetContext ctx, long object, long delta)
      throws IOException {
    TreeKey key = ItemType.key(object, ItemType.INODE, 0);
    Optional<byte[]> item = ctx.tree().get(key);
    if (delta != 0 && item.isPresent()) {
      Inode inode = Inode.decode(object, item.get());
      inode.allocated += delta;
      ctx.tree().put(key, inode.encode());
    }
  }

  /** What a commit has to do, decided under the lock. */
  private record CommitPoint(long sequence, boolean needsSync, long openTxg) {}

  /** Largest content a commit logs for tracked unlogged writes before it syncs instead. */
  private static final long MAX_LOGGED_AT_COMMIT = 4L << 20;

  /**
   * Makes every earlier change of this file system durable (not only the given file's). Unlogged
   * unstable writes that were tracked (a few records) get their records' current content logged
   * now; if untracked ones may be pending, the open txg is synced instead (the data is in place, so
   * nothing is written twice). Then the intent log is committed up to the last record appended. A
   * no-op under {@code sync=disabled} and on read-only views.
   */
  @Override
  public void commit(long inode, long offset, long length) throws IOException {
    CommitPoint point =
        query(
            () -> {
              inode(inode); // any inode: a commit is a barrier for the whole file system
              if (offset < 0 || length < 0) {
                throw new InvalidArgumentException("negative commit range");
              }
              if (ctx == null || settings().sync() == SyncMode.DISABLED) {
                return null;
              }
              if (dirtyRecords != null) {
                // Stored now (unlogged, in the open txg), so that they are logged or synced below.
                dirtyRecords.flush();
              }
              long open = ctx.openTxg();
              if (unloggedTxg > syncedTxg) {
                // The sync commits a txg at least as new as every tracked write, too.
                pending.clear();
                return new CommitPoint(lastAppended, true, open);
              }
              if (!pending.isEmpty()) {
                Optional<List<byte[]>> records;
                try {
                  records = pending.records(ctx.tree(), ctx.store(), open, MAX_LOGGED_AT_COMMIT);
                } catch (IOException e) {
                  // Unreadable data (it is reported on read): the sync still commits the rest.
                  records = Optional.empty();
                }
                pending.clear();
                if (records.isEmpty()) {
                  return new CommitPoint(lastAppended, true, open);
                }
                for (byte[] r : records.get()) {
                  lastAppended = ctx.intentLog().append(r);
                }
              }
              return new CommitPoint(lastAppended, false, open);
            });
    if (point == null) {
      return;
    }
    if (point.needsSync()) {
      ctx.syncNow();
      lock.lock();
      try {
        syncedTxg = Math.max(syncedTxg, point.openTxg());
      } finally {
        lock.unlock();
      }
    } else if (point.sequence() >= 0) {
      ctx.intentLog().commit(point.sequence());
    }
  }

  @Override
  public Attributes truncate(long inode, long size) throws IOException {
    return setattr(inode, SetAttributes.none().withSize(size));
  }

  @Override
  public Attributes allocate(long inode, long offset, long length, boolean keepSize)
      throws IOException {
    return change(
        Logging.LOGGED,
        () -> {
          Inode n = dataInode(inode);
          checkRange(offset, length);
          if (offset > limits.maxFileSize() - length) {
            throw new FileTooLargeException("allocation ends past the maximum file size");
          }
          n.allocated += changes.preallocate(n.number, n.recordSize, offset, length);
          if (!keepSize && offset + length > n.size) {
            n.size = offset + length;
            changed(n, true);
          } else {
            changed(n, false);
          }
          return n.attributes();
        });
  }

  @Override
  public Attributes punchHole(long inode, long offset, long length) throws IOException {
    return change(
        Logging.LOGGED,
        () -> {
          Inode n = dataInode(inode);
          checkRange(offset, length);
          n.allocated +=
              changes.zero(
                  n.number, n.recordSize, offset, Math.min(length, Long.MAX_VALUE - offset));
          changed(n, true);
          return n.attributes();
        });
  }

  // ---- xattrs ----

  @Override
  public byte[] getXattr(long inode, String name) throws IOException {
    return query(
        () -> {
          Inode n = inode(inode);
          checkAttributeName(name);
          NameList.Name x = findIn(n.number, ItemType.XATTR_NAMES, name);
          if (x == null) {
            throw new NoSuchAttributeException("no xattr " + name + " on inode " + inode);
          }
          byte[] v = Chunks.get(reader, n.number, ItemType.XATTR_VALUE, x.cookie() << 20);
          if (v == null) {
            throw new CorruptDataException(
                "xattr " + name + " of inode " + inode + " has no value");
          }
          return v;
        });
  }

  @Override
  public void setXattr(long inode, String name, byte[] value, XattrSetMode mode)
      throws IOException {
    change(
        Logging.LOGGED,
        () -> {
          Inode n = inode(inode);
          checkAttributeName(name);
          if (value == null || value.length > limits.maxXattrValueBytes()) {
            throw new InvalidArgumentException("xattr value missing or larger than the limit");
          }
          NameList.Name x = findIn(n.number, ItemType.XATTR_NAMES, name);
          if (mode == XattrSetMode.CREATE && x != null) {
            throw new AlreadyExistsException("xattr " + name + " exists");
          }
          if (mode == XattrSetMode.REPLACE && x == null) {
            throw new NoSuchAttributeException("no xattr " + name + " to replace");
          }
          long id;
          if (x != null) {
            id = x.cookie();
            Chunks.delete(changes, n.number, ItemType.XATTR_VALUE, id << 20);
          } else {
            id = n.nextXattrId++;
            addName(n.number, ItemType.XATTR_NAMES, new NameList.Name(name, id, 0, 0));
          }
          Chunks.put(changes, n.number, ItemType.XATTR_VALUE, id << 20, value.clone());
          changed(n, false);
          return null;
        });
  }

  @Override
  public void removeXattr(long inode, String name) throws IOException {
    change(
        Logging.LOGGED,
        () -> {
          Inode n = inode(inode);
          checkAttributeName(name);
          NameList.Name x = findIn(n.number, ItemType.XATTR_NAMES, name);
          if (x == null) {
            throw new NoSuchAttributeException("no xattr " + name + " on inode " + inode);
          }
          Chunks.delete(changes, n.number, ItemType.XATTR_VALUE, x.cookie() << 20);
          removeName(n.number, ItemType.XATTR_NAMES, name);
          changed(n, false);
          return null;
        });
  }

  @Override
  public List<String> listXattrs(long inode) throws IOException {
    return query(
        () -> {
          Inode n = inode(inode);
          List<String> out = new ArrayList<>();
          for (NameList.Name x : allNames(n.number, ItemType.XATTR_NAMES)) {
            out.add(x.name());
          }
          out.sort(null);
          return List.copyOf(out);
        });
  }

  // ---- named streams ----

  @Override
  public Attributes createStream(long inode, String name) throws IOException {
    return change(
        Logging.LOGGED,
        () -> {
          Inode owner = streamOwner(inode);
          checkStreamName(name);
          if (findIn(owner.number, ItemType.STREAMS, name) != null) {
            throw new AlreadyExistsException("stream " + name + " exists");
          }
          Inode s = allocate(FileType.FILE);
          s.mode = owner.mode;
          s.uid = owner.uid;
          s.gid = owner.gid;
          s.nlink = 1;
          s.streamOwner = owner.number;
          addName(
              owner.number,
              ItemType.STREAMS,
              new NameList.Name(name, 0, s.number, FileType.FILE.ordinal()));
          changed(owner, false);
          return s.attributes();
        });
  }

  @Override
  public Attributes lookupStream(long inode, String name) throws IOException {
    return query(
        () -> {
          Inode owner = streamOwner(inode);
          checkStreamName(name);
          NameList.Name s = findIn(owner.number, ItemType.STREAMS, name);
          if (s == null) {
            throw new NoSuchEntryException("no stream " + name + " on inode " + inode);
          }
          return inode(s.inode()).attributes();
        });
  }

  @Override
  public void removeStream(long inode, String name) throws IOException {
    change(
        Logging.LOGGED,
        () -> {
          Inode owner = streamOwner(inode);
          checkStreamName(name);
          NameList.Name s = findIn(owner.number, ItemType.STREAMS, name);
          if (s == null) {
            throw new NoSuchEntryException("no stream " + name + " on inode " + inode);
          }
          removeName(owner.number, ItemType.STREAMS, name);
          free(inode(s.inode()));
          changed(owner, false);
          return null;
        });
  }

  @Override
  public List<StreamInfo> listStreams(long inode) throws IOException {
    return query(
        () -> {
          Inode owner = streamOwner(inode);
          List<NameList.Name> names = allNames(owner.number, ItemType.STREAMS);
          names.sort(Comparator.comparing(NameList.Name::name));
          List<StreamInfo> out = new ArrayList<>();
          for (NameList.Name s : names) {
            Inode i = inode(s.inode());
            out.add(new StreamInfo(s.name(), i.number, i.size, i.allocated));
          }
          return List.copyOf(out);
        });
  }

  // ---- ACLs ----

  @Override
  public Acl getAcl(long inode) throws IOException {
    return query(
        () -> {
          Inode n = inode(inode);
          if (!n.hasAcl) {
            return Acl.fromMode(n.mode);
          }
          byte[] b = Chunks.get(reader, n.number, ItemType.ACL, 0);
          if (b == null) {
            throw new CorruptDataException("inode " + inode + " claims an ACL but has none");
          }
          return AclCodec.decode(b);
        });
  }

  @Override
  public void setAcl(long inode, Acl acl) throws IOException {
    change(
        Logging.LOGGED,
        () -> {
          Inode n = inode(inode);
          if (acl == null) {
            throw new InvalidArgumentException("acl must not be null");
          }
          byte[] encoded = AclCodec.encode(acl);
          if (encoded.length > MAX_ACL_BYTES) {
            throw new InvalidArgumentException(
                "ACL of %d entries is too large to store".formatted(acl.entries().size()));
          }
          if (n.hasAcl) {
            Chunks.delete(changes, n.number, ItemType.ACL, 0);
          }
          Chunks.put(changes, n.number, ItemType.ACL, 0, encoded);
          n.hasAcl = true;
          changed(n, false);
          return null;
        });
  }

  // ---- operation framing ----

  @FunctionalInterface
  private interface Body<T> {
    T run() throws IOException;
  }

  private IntentRecord.Builder logBuilder() {
    return settings().sync() == SyncMode.DISABLED ? null : new IntentRecord.Builder(ctx.openTxg());
  }

  /** Runs a read under the lock. */
  private <T> T query(Body<T> body) throws IOException {
    lock.lock();
    try {
      begin();
      return body.run();
    } catch (ChecksumMismatchException | CorruptNodeException e) {
      throw new CorruptDataException("file system metadata failed verification", e);
    } finally {
      end();
      lock.unlock();
    }
  }

  /** How a change reaches the intent log. */
  private enum Logging {
    /** Logged and committed before returning (stable writes). */
    COMMITTED,
    /** Logged; committed by a later commit, stable write or sync=always change (metadata). */
    LOGGED,
    /** Not logged: durable with its txg, which a later commit syncs (unstable writes). */
    UNLOGGED
  }

  /**
   * Runs a change under the lock: refuses it on a read-only file system, collects its tree changes
   * into intent records unless {@code logging} is UNLOGGED, appends them, and commits them (after
   * releasing the lock, so concurrent committers share a log flush) when COMMITTED or under {@code
   * sync=always}.
   */
  private <T> T change(Logging logging, Body<T> body) throws IOException {
    long commitTo = -1;
    T result;
    lock.lock();
    try {
      begin();
      if (ctx == null || settings().readOnly()) {
        throw new ReadOnlyFileSystemException("file system " + guid() + " is read-only");
      }
      if (dirtyRecords != null
          && !dirtyRecords.isEmpty()
          && (logging != Logging.UNLOGGED || dirtyRecords.full())) {
        // Every other change sees the tree current (nothing is loaded yet); unstable writes
        // flush only when too much is dirty.
        dirtyRecords.flush();
      }
      IntentRecord.Builder rec = logging == Logging.UNLOGGED ? null : logBuilder();
      changes =
          new TreeChanges(ctx.tree(), ctx.store(), ctx.openTxg(), settings().compression(), rec);
      header = readHeader();
      try {
        result = body.run();
        flush();
      } finally {
        if (logging == Logging.UNLOGGED && !unloggedTracked) {
          // Untracked (too much, or the write failed half-way): only a txg sync makes it durable.
          unloggedTxg = Math.max(unloggedTxg, ctx.openTxg());
        }
        // Whatever reached the tree is logged, even if the operation failed half-way on I/O.
        boolean commit = logging == Logging.COMMITTED || settings().sync() == SyncMode.ALWAYS;
        for (byte[] r : changes.records()) {
          lastAppended = ctx.intentLog().append(r);
          if (commit) {
            commitTo = lastAppended;
          }
        }
      }
    } catch (ChecksumMismatchException | CorruptNodeException e) {
      throw new CorruptDataException("file system metadata failed verification", e);
    } finally {
      end();
      lock.unlock();
    }
    if (commitTo >= 0) {
      ctx.intentLog().commit(commitTo);
    }
    return result;
  }

  /** The dataset's settings, resolved at most once per operation (resolving them is not free). */
  private ObjectSetSettings settings() {
    if (opSettings == null) {
      opSettings = ctx.settings();
    }
    return opSettings;
  }

  private void begin() {
    opSettings = null;
    reader = ctx != null ? ctx.tree() : viewTree;
    store = ctx != null ? ctx.store() : viewStore;
    now = (ctx != null ? ctx.clock() : viewClock).instant();
  }

  private void end() {
    opSettings = null;
    unloggedTracked = false;
    reader = null;
    store = null;
    changes = null;
    header = null;
    headerDirty = false;
    loaded.clear();
    dirty.clear();
  }

  private void flush() throws IOException {
    for (Inode n : dirty.values()) {
      changes.put(ItemType.key(n.number, ItemType.INODE, 0), n.encode());
    }
    dirty.clear();
    if (headerDirty) {
      changes.put(HEADER_KEY, header.encode());
      headerDirty = false;
    }
  }

  private FsHeader readHeader() throws IOException {
    Optional<byte[]> v = reader.get(HEADER_KEY);
    if (v.isEmpty()) {
      throw new CorruptDataException("file system header item is missing");
    }
    return FsHeader.decode(v.get());
  }

  // ---- inode helpers (lock held) ----

  private Inode inode(long number) throws IOException {
    if (number <= 0) {
      throw new BadHandleException("inode number " + number + " is never valid");
    }
    Inode n = loaded.get(number);
    if (n != null) {
      return n;
    }
    Optional<byte[]> v = reader.get(ItemType.key(number, ItemType.INODE, 0));
    if (v.isEmpty()) {
      throw new StaleHandleException("inode " + number + " does not exist");
    }
    n = Inode.decode(number, v.get());
    loaded.put(number, n);
    return n;
  }

  private Inode directory(long number) throws IOException {
    Inode n = inode(number);
    if (n.type != FileType.DIRECTORY) {
      throw new NotDirectoryException("inode " + number + " is not a directory");
    }
    return n;
  }

  private Inode dataInode(long number) throws IOException {
    Inode n = inode(number);
    if (n.type == FileType.DIRECTORY) {
      throw new IsDirectoryException("inode " + number + " is a directory");
    }
    if (n.type != FileType.FILE) {
      throw new InvalidArgumentException("inode " + number + " is a " + n.type + ", not a file");
    }
    return n;
  }

  private Inode streamOwner(long number) throws IOException {
    Inode n = inode(number);
    if (n.isStream()) {
      throw new InvalidArgumentException("a named stream has no streams of its own");
    }
    if (n.type != FileType.FILE && n.type != FileType.DIRECTORY) {
      throw new InvalidArgumentException("only files and directories have named streams");
    }
    return n;
  }

  private Inode entry(Inode dir, String name) throws IOException {
    return inode(existing(dir, name).inode());
  }

  private NameList.Name existing(Inode dir, String name) throws IOException {
    NameList.Name e = findName(dir, name);
    if (e == null) {
      throw new NoSuchEntryException("no entry " + name + " in directory " + dir.number);
    }
    return e;
  }

  private NameList.Name findName(Inode dir, String name) throws IOException {
    for (NameList.Name n : nameBucket(dir, name)) {
      if (folding.matches(n.name(), name)) {
        return n;
      }
    }
    return null;
  }

  /**
   * An exact match first, else (insensitive and mixed file systems) one ignoring case; both are in
   * the bucket of the folded name's hash, read once.
   */
  private NameList.Name findNameIgnoringCase(Inode dir, String name) throws IOException {
    NameList.Name loose = null;
    for (NameList.Name n : nameBucket(dir, name)) {
      if (folding.matches(n.name(), name)) {
        return n;
      }
      if (loose == null && folding.matchesIgnoringCase(n.name(), name)) {
        loose = n;
      }
    }
    return loose;
  }

  /** The names of {@code dir} whose folded form hashes like {@code name}'s. */
  private List<NameList.Name> nameBucket(Inode dir, String name) throws IOException {
    Optional<byte[]> v = reader.get(ItemType.key(dir.number, ItemType.NAMES, folding.hash(name)));
    return v.isEmpty() ? List.of() : NameList.decode(v.get());
  }

  private NameList.Name findIn(long object, int type, String name) throws IOException {
    Optional<byte[]> v = reader.get(ItemType.key(object, type, NameList.hash(name)));
    if (v.isEmpty()) {
      return null;
    }
    for (NameList.Name n : NameList.decode(v.get())) {
      if (n.name().equals(name)) {
        return n;
      }
    }
    return null;
  }

  /** The name-index hash of {@code name} in an index of {@code type}. */
  private long hashIn(int type, String name) {
    return type == ItemType.NAMES ? folding.hash(name) : NameList.hash(name);
  }

  private List<NameList.Name> allNames(long object, int type) throws IOException {
    List<NameList.Name> out = new ArrayList<>();
    TreeKey next = ItemType.key(object, type, 0);
    TreeKey end = ItemType.end(object, type);
    while (true) {
      List<TreeEntry> batch = reader.scan(next, end, 256);
      if (batch.isEmpty()) {
        return out;
      }
      for (TreeEntry e : batch) {
        out.addAll(NameList.decode(e.value()));
      }
      next = batch.getLast().key().successor();
    }
  }

  private void addName(long object, int type, NameList.Name name) throws IOException {
    TreeKey key = ItemType.key(object, type, hashIn(type, name.name()));
    Optional<byte[]> v = changes.tree().get(key);
    List<NameList.Name> list = v.isEmpty() ? new ArrayList<>() : NameList.decode(v.get());
    if (list.size() >= MAX_NAME_COLLISIONS) {
      throw new IOException("too many names share hash " + key + "; refusing to grow the item");
    }
    list.add(name);
    changes.put(key, NameList.encode(list));
  }

  private void removeName(long object, int type, String name) throws IOException {
    TreeKey key = ItemType.key(object, type, hashIn(type, name));
    Optional<byte[]> v = changes.tree().get(key);
    if (v.isEmpty()) {
      return;
    }
    List<NameList.Name> list = new ArrayList<>(NameList.decode(v.get()));
    list.removeIf(n -> n.name().equals(name));
    if (list.isEmpty()) {
      changes.delete(key);
    } else {
      changes.put(key, NameList.encode(list));
    }
  }

  private void addEntry(Inode dir, String name, Inode child) throws IOException {
    long cookie = dir.nextCookie++;
    byte[] value =
        new ItemWriter().i64(child.number).u8(child.type.ordinal()).string(name).toBytes();
    changes.put(ItemType.key(dir.number, ItemType.DIRENT, cookie), value);
    addName(
        dir.number,
        ItemType.NAMES,
        new NameList.Name(name, cookie, child.number, child.type.ordinal()));
    dir.entryCount++;
    touch(dir);
  }

  private void removeEntry(Inode dir, NameList.Name e) throws IOException {
    changes.delete(ItemType.key(dir.number, ItemType.DIRENT, e.cookie()));
    removeName(dir.number, ItemType.NAMES, e.name());
    dir.entryCount--;
    touch(dir);
  }

  private void touch(Inode n) {
    dirty.put(n.number, n);
  }

  private long nextChange() {
    header = header.withChange(header.changeCounter() + 1);
    headerDirty = true;
    return header.changeCounter();
  }

  private Inode allocate(FileType type) {
    long number = header.nextInode();
    long generation = header.lastGeneration() + 1;
    header =
        new FsHeader(
            header.rootInode(),
            number + 1,
            generation,
            header.changeCounter(),
            header.inodeCount() + 1);
    headerDirty = true;
    Inode n = new Inode(number);
    n.generation = generation;
    n.type = type;
    n.atime = now;
    n.mtime = now;
    n.ctime = now;
    n.birthtime = now;
    n.change = nextChange();
    n.recordSize = settings().recordSize();
    n.nextCookie = 3;
    n.nextXattrId = 1;
    loaded.put(number, n);
    touch(n);
    return n;
  }

  private void free(Inode n) throws IOException {
    for (NameList.Name s : allNames(n.number, ItemType.STREAMS)) {
      free(inode(s.inode()));
    }
    changes.deleteRange(ItemType.key(n.number, 0, 0), TreeKey.of(n.number + 1, 0, 0));
    loaded.remove(n.number);
    dirty.remove(n.number);
    header =
        new FsHeader(
            header.rootInode(),
            header.nextInode(),
            header.lastGeneration(),
            header.changeCounter(),
            header.inodeCount() - 1);
    headerDirty = true;
  }

  private void dropLink(Inode n) throws IOException {
    n.nlink--;
    if (n.nlink == 0) {
      free(n);
    } else {
      changed(n, false);
    }
  }

  private Inode newChild(
      long dir, String name, FileType type, SetAttributes initial, int defaultMode)
      throws IOException {
    Inode d = directory(dir);
    checkName(name, true);
    if (findName(d, name) != null) {
      throw new AlreadyExistsException(name + " exists in directory " + dir);
    }
    if (initial.mode() != null) {
      checkMode(initial.mode());
    }
    if (initial.size() != null && initial.size() != 0) {
      throw new InvalidArgumentException("initial size must be 0; write or truncate afterwards");
    }
    Inode n = allocate(type);
    n.mode = initial.mode() != null ? initial.mode() : defaultMode;
    n.uid = initial.uid() != null ? initial.uid() : 0;
    n.gid = initial.gid() != null ? initial.gid() : 0;
    n.nlink = 1;
    return n;
  }

  private void finishCreate(Inode n, SetAttributes initial, long dir, String name)
      throws IOException {
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
    Inode d = inode(dir);
    addEntry(d, name, n);
    changed(d, true);
  }

  private void apply(Inode n, SetAttributes c) throws IOException {
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
      n.dosBits = Inode.dosBits(c.dosAttributes());
    }
    if (c.size() != null) {
      long size = c.size();
      if (size < n.size) {
        n.allocated += changes.zero(n.number, n.recordSize, size, Long.MAX_VALUE - size);
      }
      n.size = size;
      n.mtime = now;
    }
    if (c.atime() != null) {
      n.atime = time(c.atime());
    }
    if (c.mtime() != null) {
      n.mtime = time(c.mtime());
    }
    if (c.birthtime() != null) {
      n.birthtime = c.birthtime();
    }
    n.ctime = now;
    n.change = nextChange();
    touch(n);
  }

  private Instant time(TimeSet set) {
    return set.isServerTime() ? now : set.instant();
  }

  /** Records a metadata change, and a content change too when {@code content}. */
  private void changed(Inode n, boolean content) {
    if (content) {
      n.mtime = now;
    }
    n.ctime = now;
    n.change = nextChange();
    touch(n);
  }

  private long cookieVerifier(Inode d) {
    return guid() ^ (d.generation * 0x9E3779B97F4A7C15L) ^ (d.number << 20);
  }

  // ---- argument checks ----

  private void checkName(String name, boolean forChange) throws IOException {
    if (name == null || name.isEmpty()) {
      throw new InvalidArgumentException("empty name");
    }
    if (utf8Length(name) > limits.maxNameBytes()) {
      throw new NameTooLongException("name longer than " + limits.maxNameBytes() + " bytes");
    }
    if (name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
      throw new InvalidArgumentException("name contains '/' or NUL: " + name);
    }
    if (forChange && (name.equals(".") || name.equals(".."))) {
      throw new InvalidArgumentException("'" + name + "' cannot be created, removed or renamed");
    }
  }

  private void checkAttributeName(String name) throws IOException {
    if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) {
      throw new InvalidArgumentException("xattr names are non-empty without NUL");
    }
    if (utf8Length(name) > limits.maxNameBytes()) {
      throw new NameTooLongException("xattr name longer than the limit");
    }
  }

  private void checkStreamName(String name) throws IOException {
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

  private void checkResizable(Inode n, long size) throws IOException {
    if (n.type == FileType.DIRECTORY) {
      throw new IsDirectoryException("cannot set the size of a directory");
    }
    if (n.type != FileType.FILE) {
      throw new InvalidArgumentException("only files have a settable size");
    }
    if (size < 0) {
      throw new InvalidArgumentException("negative size " + size);
    }
    if (size > limits.maxFileSize()) {
      throw new FileTooLargeException("size " + size + " exceeds the maximum file size");
    }
  }

  private void checkCanAddLink(Inode n) throws TooManyLinksException {
    if (n.nlink >= limits.maxLinks()) {
      throw new TooManyLinksException("inode " + n.number + " has the maximum link count");
    }
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
