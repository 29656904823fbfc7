/**
 * The object layer's file system: inodes, directories, data, xattrs, named streams and ACLs of one
 * dataset, all held in the dataset's single copy-on-write B+tree, with file data in blocks of the
 * pool.
 *
 * <h2>Items (keys are (object, item type, offset); see {@link dev.kiln.engine.fs.ItemType})</h2>
 *
 * <ul>
 *   <li>{@code (0, HEADER, 0)}: magic "KFS1", format version, root inode, next inode number, last
 *       generation, change counter, live inode count. Inode numbers are never reused and
 *       generations are global, so a stale handle is always detected.
 *   <li>{@code (ino, INODE, 0)}: the attributes, a format version byte first; directories also
 *       carry their next cookie and entry count, files their record size (fixed at creation, so a
 *       later recordsize change never reshapes an existing file), every inode its next xattr id.
 *   <li>{@code (dir, DIRENT, cookie)} → child inode, type, name; cookies come from a per-directory
 *       counter that only grows (starting at 3), so a cookie stays valid across unrelated inserts
 *       and deletes and even after its own entry is removed: readdir resumes at the next larger
 *       key. The verifier changes only with the directory's identity.
 *   <li>{@code (dir, NAMES, hash(name))} → every (name, cookie, inode, type) with that 64-bit hash:
 *       lookup is one O(log n) get; hash collisions share the item.
 *   <li>{@code (ino, SYMLINK|ACL, i)}, {@code (ino, XATTR_VALUE, id<<20 | i)}: values split into
 *       item-sized chunks, the first carrying the total length; {@code (ino, XATTR_NAMES, hash)}
 *       maps names to value ids; {@code (owner, STREAMS, hash)} maps stream names to their inodes
 *       (file-like inodes with a stream-owner field, freed with the owner).
 *   <li>{@code (ino, EXTENT, recordStart)} → the record's data block pointer and length (or a
 *       preallocation marker). Records are {@code recordSize} bytes; a record's block holds its
 *       first {@code length} bytes (the last record of a file is short), the rest reads as zeros.
 *       Holes are absent extents. A partial-record write is read-modify-write; a replaced or
 *       punched block is freed in the open txg (the dataset layer decides between free and deadlist
 *       by birth txg). Punched or truncated records that end up all zeros become holes.
 * </ul>
 *
 * All items of an inode sort together, so destroying it is one range delete (after freeing its
 * extents' blocks). An inode's allocated size is kept in the inode: the physical size of its data
 * blocks plus preallocated bytes.
 *
 * <h2>Concurrency and atomicity</h2>
 *
 * Every operation holds the context's lock (the tree is not thread-safe) and validates everything
 * before changing anything, in the error precedence documented in {@code engine-api}; only an I/O
 * failure of the store can leave an operation half applied (the half that happened is logged).
 * Timestamps come from the context's clock. Read-only datasets and snapshot views refuse every
 * change with ReadOnlyFileSystemException.
 *
 * <h2>Intent log</h2>
 *
 * Each change builds an {@link dev.kiln.engine.fs.IntentRecord}: the absolute tree puts and deletes
 * it made, plus data writes, zeroing and preallocation with their arguments (a write carries its
 * bytes, so records are self-contained and never point at blocks of an unsynced txg). The record is
 * appended to the dataset's intent log; metadata operations, stable writes and every change under
 * {@code sync=always} also commit it (after releasing the lock, so concurrent committers share one
 * log flush). UNSTABLE writes are appended without commit, which is what lets a later COMMIT make
 * them durable; the log may keep appended records in memory until a commit and drops them once
 * their txg is synced (ZFS itx semantics). {@code sync=disabled} logs nothing. Access-time updates
 * are not logged. {@link dev.kiln.engine.fs.IntentReplayer} re-applies records after a crash:
 * because every op is absolute, replaying the records appended after the last synced root, in
 * order, reproduces the tree.
 *
 * <h2>Corruption</h2>
 *
 * A data or metadata block failing verification surfaces as {@link
 * dev.kiln.engine.api.error.CorruptDataException}; malformed items and records are rejected with
 * the same exception, never returned as data.
 */
package dev.kiln.engine.fs;
