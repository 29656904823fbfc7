package dev.kiln.engine.api.fs;

import dev.kiln.engine.api.acl.Acl;
import dev.kiln.engine.api.error.NotSupportedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;

/**
 * Inode-level file operations of one dataset (or one read-only snapshot), the single interface NFS,
 * SMB and SFTP front ends use.
 *
 * <p>Objects are addressed by 64-bit inode numbers; names exist only as directory entries. A
 * protocol handle is {@code (guid(), inode, generation)}: {@link #resolve(long, long)} turns it
 * back into attributes or throws {@link dev.kiln.engine.api.error.StaleHandleException}. Every
 * method that takes an inode throws {@code StaleHandleException} when the inode no longer exists.
 *
 * <p>Names are non-empty strings of at most {@link FsLimits#maxNameBytes()} UTF-8 bytes without
 * {@code '/'} or NUL; creating "." or ".." is an {@code InvalidArgumentException}, while {@link
 * #lookup} resolves them. Permission checks are the caller's job: the engine stores owners, modes
 * and ACLs but never evaluates them. Each method is atomic: it either fully happens or throws an
 * {@link dev.kiln.engine.api.error.EngineException} having changed nothing.
 *
 * <p>There is no open/close: an unlinked inode with no links left is gone at once (NFSv3
 * semantics). SMB delete-on-close and POSIX open-unlinked files are the front end's business.
 */
public interface FileSystem {

  /** The 64-bit guid of the dataset or snapshot; the first part of every protocol handle. */
  long guid();

  /** The inode number of the root directory. */
  long rootInode();

  /** True when every mutating operation throws ReadOnlyFileSystemException (snapshots). */
  boolean readOnly();

  /** The optional features this file system offers. */
  Set<FsFeature> features();

  /** Fixed limits (name length, file size, link count). */
  FsLimits limits();

  /** Capacity and inode counts, quota-aware. */
  FsStat statfs() throws IOException;

  /**
   * A value that changes whenever unstable writes may have been lost (engine restart); NFS puts it
   * in WRITE and COMMIT replies so clients know to resend uncommitted data.
   */
  long writeVerifier();

  /** Attributes of an inode if it still has this generation; else StaleHandleException. */
  Attributes resolve(long inode, long generation) throws IOException;

  /** Attributes of an inode. */
  Attributes getattr(long inode) throws IOException;

  /** Applies the non-null fields of {@code changes} atomically and returns the new attributes. */
  Attributes setattr(long inode, SetAttributes changes) throws IOException;

  /**
   * Sets the status change time (ctime) to {@code ctime} and returns the new attributes. Only SMB
   * clients set it ([MS-FSCC] 2.4.7 ChangeTime; POSIX has no such call); any later change of the
   * inode moves ctime to the current time again.
   */
  default Attributes setChangeTime(long inode, java.time.Instant ctime) throws IOException {
    throw new NotSupportedException(
        "setting ctime is not supported by " + getClass().getSimpleName());
  }

  /** Finds {@code name} in directory {@code dir}; "." is dir itself, ".." its parent. */
  Attributes lookup(long dir, String name) throws IOException;

  /** Creates an empty regular file; AlreadyExistsException if the name is taken. */
  Attributes create(long dir, String name, SetAttributes initial) throws IOException;

  /** Creates a directory; AlreadyExistsException if the name is taken. */
  Attributes mkdir(long dir, String name, SetAttributes initial) throws IOException;

  /** Creates a symbolic link holding {@code target} verbatim (it is never resolved here). */
  Attributes symlink(long dir, String name, String target, SetAttributes initial)
      throws IOException;

  /** The target of a symbolic link; InvalidArgumentException for other types. */
  String readlink(long inode) throws IOException;

  /** Creates a device node, FIFO or socket; {@code rdev} is the device number for devices. */
  default Attributes mknod(long dir, String name, FileType type, long rdev, SetAttributes initial)
      throws IOException {
    throw new NotSupportedException("mknod is not supported by " + getClass().getSimpleName());
  }

  /**
   * Adds a hard link {@code dir/name} to a non-directory inode and returns its new attributes;
   * NotPermittedException for directories, TooManyLinksException at the link limit.
   */
  Attributes link(long inode, long dir, String name) throws IOException;

  /**
   * Removes a non-directory entry; the inode is freed when its last link goes. IsDirectoryException
   * if the entry is a directory.
   */
  void unlink(long dir, String name) throws IOException;

  /** Removes an empty directory; NotDirectoryException or DirectoryNotEmptyException otherwise. */
  void rmdir(long dir, String name) throws IOException;

  /**
   * Atomically renames {@code fromDir/fromName} to {@code toDir/toName} with POSIX rules: an
   * existing target is replaced if compatible (file over file, directory over empty directory);
   * renaming a directory into its own subtree is InvalidArgumentException; renaming one link of an
   * inode onto another link of the same inode does nothing.
   */
  void rename(long fromDir, String fromName, long toDir, String toName) throws IOException;

  /**
   * Lists up to {@code maxEntries} entries after {@code cookie} (0 starts at the beginning).
   *
   * <p>A cookie stays valid across unrelated inserts and deletes in the same directory, even if its
   * own entry was removed. A non-zero cookie must come with the verifier of the page it came from;
   * if the cookies were invalidated the call throws BadCookieException. Entries added or removed
   * during a listing may or may not appear; every other entry appears exactly once. Cookies 1 and 2
   * are never used, so front ends can use them for synthesized "." and "..".
   */
  DirectoryPage readdir(long dir, long cookie, long verifier, int maxEntries) throws IOException;

  /**
   * Reads into {@code dst} from {@code offset}; returns the bytes read, fewer than requested only
   * at end of file (0 at or past it). Holes read as zeros.
   */
  int read(long inode, long offset, ByteBuffer dst) throws IOException;

  /**
   * Writes all of {@code src} at {@code offset}, extending the file (and filling any gap with a
   * hole) as needed, and returns once the requested durability is reached.
   */
  WriteResult write(long inode, long offset, ByteBuffer src, WriteStability stability)
      throws IOException;

  /**
   * Makes all earlier writes to the byte range durable ({@code length} 0 means to the end) and, as
   * a barrier, every earlier change of this file system too: metadata operations (create, remove,
   * rename, setattr, xattrs, ACLs, ...) and unstable writes to any file. Mutating operations other
   * than stable writes are not durable on their own (as in ZFS, the log is committed on sync
   * requests, not on every create), so front ends call {@code commit(inode, 0, 0)} wherever their
   * protocol promises durability: NFS COMMIT and the NFSv3 requirement that metadata operations be
   * stable before the reply, SMB flush, fsync. A no-op on file systems that do not log ({@code
   * sync=disabled}) and on read-only views.
   */
  void commit(long inode, long offset, long length) throws IOException;

  /** Sets the size of a file: shrinking discards data, extending adds a hole. */
  Attributes truncate(long inode, long size) throws IOException;

  /**
   * Reserves storage for the byte range so later writes there cannot fail for space (fallocate);
   * the range reads as before (zeros where there was a hole). Extends the size unless {@code
   * keepSize}.
   */
  default Attributes allocate(long inode, long offset, long length, boolean keepSize)
      throws IOException {
    throw new NotSupportedException("allocate is not supported by " + getClass().getSimpleName());
  }

  /** Deallocates the byte range, which then reads as zeros; the size does not change. */
  default Attributes punchHole(long inode, long offset, long length) throws IOException {
    throw new NotSupportedException("punchHole is not supported by " + getClass().getSimpleName());
  }

  /** The value of an extended attribute; NoSuchAttributeException if absent. */
  default byte[] getXattr(long inode, String name) throws IOException {
    throw new NotSupportedException("xattrs are not supported by " + getClass().getSimpleName());
  }

  /** Sets an extended attribute under the create/replace rule of {@code mode}. */
  default void setXattr(long inode, String name, byte[] value, XattrSetMode mode)
      throws IOException {
    throw new NotSupportedException("xattrs are not supported by " + getClass().getSimpleName());
  }

  /** Removes an extended attribute; NoSuchAttributeException if absent. */
  default void removeXattr(long inode, String name) throws IOException {
    throw new NotSupportedException("xattrs are not supported by " + getClass().getSimpleName());
  }

  /** The names of all extended attributes, sorted. */
  default List<String> listXattrs(long inode) throws IOException {
    throw new NotSupportedException("xattrs are not supported by " + getClass().getSimpleName());
  }

  /**
   * Creates a named stream of a file or directory; the stream is a file-like inode of its own,
   * reachable only through its owner, and is freed with it.
   */
  default Attributes createStream(long inode, String name) throws IOException {
    throw new NotSupportedException(
        "named streams are not supported by " + getClass().getSimpleName());
  }

  /** The attributes of a named stream; NoSuchEntryException if absent. */
  default Attributes lookupStream(long inode, String name) throws IOException {
    throw new NotSupportedException(
        "named streams are not supported by " + getClass().getSimpleName());
  }

  /** Deletes a named stream and its data. */
  default void removeStream(long inode, String name) throws IOException {
    throw new NotSupportedException(
        "named streams are not supported by " + getClass().getSimpleName());
  }

  /** All named streams of an inode, sorted by name (the unnamed data stream is not listed). */
  default List<StreamInfo> listStreams(long inode) throws IOException {
    throw new NotSupportedException(
        "named streams are not supported by " + getClass().getSimpleName());
  }

  /** How this file system compares names (the dataset's casesensitivity; sensitive by default). */
  default CaseSensitivity caseSensitivity() {
    return CaseSensitivity.SENSITIVE;
  }

  /**
   * Looks up {@code name} in directory {@code dir} the way Windows clients expect: an exact match
   * first, then (on insensitive and mixed file systems) a name equal to it ignoring case. On a
   * case-sensitive file system this is {@link #lookup}.
   */
  default Attributes lookupIgnoringCase(long dir, String name) throws IOException {
    return lookup(dir, name);
  }

  /** The stored ACL, or {@link Acl#fromMode(int)} of the mode if none was ever set. */
  default Acl getAcl(long inode) throws IOException {
    return Acl.fromMode(getattr(inode).mode());
  }

  /** Stores an ACL verbatim (the ctime changes). */
  default void setAcl(long inode, Acl acl) throws IOException {
    throw new NotSupportedException("ACLs are not supported by " + getClass().getSimpleName());
  }
}
