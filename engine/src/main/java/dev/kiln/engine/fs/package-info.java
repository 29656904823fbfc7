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
 *       lookup is one O(log n) get; hash collisions share the item. On a case-insensitive or mixed
 *       file system the hash is of the folded name ({@link dev.kiln.engine.fs.NameFolding}, ADR
 *       012), so every spelling of a name shares one item.
 *   <li>{@code (0, HEADER, 1)}: the file system's case sensitivity, written when it is formatted
 *       (absent: sensitive).
 *   <li>{@code (ino, SYMLINK|ACL, i)}, {@code (ino, XATTR_VALUE, id<<20 | i)}: values split into
 *       item-sized chunks, the first carrying the total length; {@code (ino, XATTR_NAMES, hash)}
 *       maps names to value ids; {@code (owner, STREAMS, hash)} maps stream names to their inodes
 *       (file-like inodes with a stream-owner field, freed with the owner).
 *   <li>{@code (ino, EXTENT, recordStart)} → the record's data block pointer and length (or a
 *       preallocation marker). Records are {@code recordSize} bytes; a record's block holds its
 *       first {@code length} bytes (the last record of a file is short), the rest reads as zeros.
 *       Holes are absent extents. A partial-record write is read-modify-write; a replaced or
 *       punched block is freed in the open txg (the dataset layer decides between free and deadlist
 *       by birth txg). Punched or truncated records that end up all zeros become holes, and so do
 *       written records of zeros when compression is on (as in ZFS). The whole records of a write
 *       are encoded before the lock ({@link dev.kiln.engine.fs.PreparedWrite}); under it their old
 *       extents come from one tree scan and their blocks are stored together ({@code
 *       BlockStore.writeAll}: one allocation and one device write per 128 KiB when space allows).
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
 * <h2>Intent log and durability (ZFS semantics)</h2>
 *
 * Each logged change builds an {@link dev.kiln.engine.fs.IntentRecord}: the absolute tree puts and
 * deletes it made, plus data writes, zeroing and preallocation with their arguments (a logged write
 * carries its bytes, so records are self-contained and never point at blocks of an unsynced txg).
 * What is logged and when it is committed:
 *
 * <ul>
 *   <li><b>Metadata operations</b> (create, mkdir, unlink, rename, setattr, truncate, xattrs, ACLs,
 *       streams, allocate, punch hole) are appended to the dataset's intent log but <em>not</em>
 *       committed: like the ZIL, the log is committed on a commit (fsync), a stable write or under
 *       {@code sync=always}, not on every create. A crash may therefore lose metadata changes that
 *       no commit covered, always as a suffix in log order, never out of order.
 *   <li><b>Stable writes</b> (FILE_SYNC, DATA_SYNC) are logged with their data and committed before
 *       returning; the commit also covers every record appended before them (group commit: the lock
 *       is released first, so concurrent committers share one log flush).
 *   <li><b>Dirty records</b> ({@link dev.kiln.engine.objset.DirtyRecords}, ZFS's dirty records):
 *       the partial records of an unstable write stay in memory with the context instead of being
 *       read, re-encoded and rewritten on every write; reads overlay them, and they are stored
 *       (compressed, checksummed, written once) by the txg sync, by a commit, by any other change
 *       before it starts (so truncate, punch, remove, stable writes and logging always see a
 *       current tree) and when 64 MiB are dirty. Their worst-case space (a whole record each) is
 *       reserved at write time: a write that would not fit stores its records at once and gets the
 *       quota or space error itself, and storing reserved records skips the quota check.
 *   <li><b>Unstable writes</b> are not logged when they happen: their data blocks are already
 *       written copy-on-write to the pool and become durable with their txg, so their data is
 *       neither kept in memory nor queued in the log. While they are few ({@link
 *       dev.kiln.engine.fs.PendingData}: up to 1 MiB written or 256 records since the last commit),
 *       only which records they touched is remembered.
 *   <li><b>{@link dev.kiln.engine.fs.TreeFileSystem#commit}</b> makes every earlier change of the
 *       file system durable, whatever inode it names. If only remembered unstable writes are
 *       pending, it appends the current content of their records and their inodes to the log (the
 *       ZFS copied-write idea: cheap for the small-file write-then-commit pattern of NFS clients)
 *       and commits the log. If more unstable data may be pending, it commits the txg instead
 *       ({@code ObjectSetContext.syncNow}): the data is in place, so nothing is written twice, and
 *       the logged records become redundant. Front ends (NFS COMMIT, NFSv3 metadata operations, SMB
 *       flush, fsync) rely on this.
 *   <li>{@code sync=always} logs and commits every change, unstable writes included (they return
 *       FILE_SYNC); {@code sync=disabled} logs nothing and commit does nothing.
 * </ul>
 *
 * The log drops records once their txg is synced. Access-time updates are not logged. {@link
 * dev.kiln.engine.fs.IntentReplayer} re-applies records after a crash: because every op is
 * absolute, replaying the records appended after the last synced root, in order, reproduces the
 * tree of the last committed point. Known imprecision: a logged inode record carries the inode's
 * size and allocated bytes as they were in memory, so after a crash a file whose unstable writes
 * were lost (never committed) may report a size covering them (those bytes read as zeros, never
 * stale data) and an allocated size counting them, until it is rewritten; NFS clients resend
 * uncommitted data when {@code writeVerifier} changes.
 *
 * <h2>Corruption</h2>
 *
 * A data or metadata block failing verification surfaces as {@link
 * dev.kiln.engine.api.error.CorruptDataException}; malformed items and records are rejected with
 * the same exception, never returned as data.
 */
package dev.kiln.engine.fs;
