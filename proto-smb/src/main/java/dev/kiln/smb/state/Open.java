package dev.kiln.smb.state;

import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.smb.rpc.NamedPipe;

/**
 * One open handle ([MS-SMB2] 3.3.1.10): a file or directory of a tree, or a named pipe on IPC$.
 * Fields a handler changes (mode, delete-on-close, the listing cursor) are only touched by the
 * connection's reader thread; the position is also set by READ and WRITE running beside it.
 */
public final class Open {

  private final long id;
  private volatile Session session;
  private volatile Tree tree;
  private final FileSystem fs;
  private final long inode;
  private final FileNode node;
  private final boolean directory;
  private final int access;
  private final int shareAccess;
  private final int createOptions;
  private final NamedPipe pipe;
  private volatile String path;
  private volatile boolean deleteOnClose;
  private volatile long position;
  private int mode;
  private Object cursor;
  private volatile boolean closed;
  private volatile boolean touchedWriteTime;
  private volatile boolean userSetChangeTime;
  // [MS-SMB2] 3.3.1.10 Open.LockSequenceArray: the last LockSequenceNumber per bucket 1..64, -1
  // for none; only used for durable opens on SMB 3.x (3.3.5.14).
  private final int[] lockSequences = filled(64);

  /** A file or directory open. */
  public Open(
      long id,
      Session session,
      Tree tree,
      FileSystem fs,
      long inode,
      FileNode node,
      boolean directory,
      int access,
      int shareAccess,
      int createOptions,
      String path) {
    this.id = id;
    this.session = session;
    this.tree = tree;
    this.fs = fs;
    this.inode = inode;
    this.node = node;
    this.directory = directory;
    this.access = access;
    this.shareAccess = shareAccess;
    this.createOptions = createOptions;
    this.pipe = null;
    this.path = path;
  }

  /** A named pipe open on IPC$. */
  public Open(long id, Session session, Tree tree, NamedPipe pipe, int access, String path) {
    this.id = id;
    this.session = session;
    this.tree = tree;
    this.fs = null;
    this.inode = 0;
    this.node = null;
    this.directory = false;
    this.access = access;
    this.shareAccess = 7;
    this.createOptions = 0;
    this.pipe = pipe;
    this.path = path;
  }

  /** The FileId (persistent and volatile parts are both this value). */
  public long id() {
    return id;
  }

  /** The session it belongs to. */
  public Session session() {
    return session;
  }

  /** The tree it belongs to. */
  public Tree tree() {
    return tree;
  }

  /**
   * Moves a durable open to the session and tree that reconnected it ([MS-SMB2] 3.3.5.9.7,
   * 3.3.5.9.12).
   */
  public void reattach(Session newSession, Tree newTree) {
    session = newSession;
    tree = newTree;
  }

  /** The file system; null for pipes. */
  public FileSystem fs() {
    return fs;
  }

  /** The inode read and written (a stream's own inode for named streams). */
  public long inode() {
    return inode;
  }

  /** The shared per-file state; null for pipes. */
  public FileNode node() {
    return node;
  }

  /** Whether it is a directory. */
  public boolean directory() {
    return directory;
  }

  /** The granted access mask. */
  public int access() {
    return access;
  }

  /** Whether every bit of {@code mask} was granted. */
  public boolean granted(int mask) {
    return (access & mask) == mask;
  }

  /** Whether any bit of {@code mask} was granted. */
  public boolean grantedAny(int mask) {
    return (access & mask) != 0;
  }

  /** The share access of the open. */
  public int shareAccess() {
    return shareAccess;
  }

  /** The CreateOptions it was opened with. */
  public int createOptions() {
    return createOptions;
  }

  /** The pipe; null for files. */
  public NamedPipe pipe() {
    return pipe;
  }

  /** The share-relative path, backslash separated ("" for the root). */
  public String path() {
    return path;
  }

  /** Records a rename. */
  public void path(String newPath) {
    path = newPath;
  }

  /** Whether FILE_DELETE_ON_CLOSE applies. */
  public boolean deleteOnClose() {
    return deleteOnClose;
  }

  /** Sets delete-on-close. */
  public void deleteOnClose(boolean value) {
    deleteOnClose = value;
  }

  /** FilePositionInformation. */
  public long position() {
    return position;
  }

  /** Sets FilePositionInformation. */
  public void position(long p) {
    position = p;
  }

  /** FileModeInformation. */
  public int mode() {
    return mode;
  }

  /** Sets FileModeInformation. */
  public void mode(int m) {
    mode = m;
  }

  /** The directory listing state (owned by QUERY_DIRECTORY). */
  public Object cursor() {
    return cursor;
  }

  /** Replaces the listing state. */
  public void cursor(Object c) {
    cursor = c;
  }

  /** Whether CLOSE ran. */
  public boolean closed() {
    return closed;
  }

  /** Marks it closed. */
  public void markClosed() {
    closed = true;
  }

  /** Records that this open wrote or set the LastWriteTime, so its close settles it. */
  public void touchedWriteTime() {
    touchedWriteTime = true;
  }

  /** Whether this open wrote or set the LastWriteTime. */
  public boolean hasTouchedWriteTime() {
    return touchedWriteTime;
  }

  /** Whether a client set (or froze) the ChangeTime through this open. */
  public boolean userSetChangeTime() {
    return userSetChangeTime;
  }

  /** Records that a client set, froze (true) or thawed (false) the ChangeTime. */
  public void userSetChangeTime(boolean set) {
    userSetChangeTime = set;
  }

  /** The LockSequenceNumber recorded for bucket {@code index} (1..64), or -1. */
  public synchronized int lockSequence(int index) {
    return lockSequences[index - 1];
  }

  /** Records {@code number} (or -1: invalid) for bucket {@code index} (1..64). */
  public synchronized void lockSequence(int index, int number) {
    lockSequences[index - 1] = number;
  }

  private static int[] filled(int n) {
    int[] a = new int[n];
    java.util.Arrays.fill(a, -1);
    return a;
  }
}
