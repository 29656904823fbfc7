/**
 * The file interface front ends see: {@link dev.kiln.engine.api.fs.FileSystem}, inode-level and
 * protocol-neutral.
 *
 * <p>Design (driven by NFSv3/v4, SMB2/3 and SFTP needs):
 *
 * <ul>
 *   <li>Identity: 64-bit inode numbers plus a generation; a handle is (file system guid, inode,
 *       generation). Inode numbers may be reused, generations never repeat for a number, so a stale
 *       handle is always detected.
 *   <li>Directories: entries carry resume cookies that survive unrelated inserts and deletes, and a
 *       verifier tells clients when cookies were invalidated (NFS cookieverf). "." and ".." are
 *       never listed; cookies 1 and 2 are reserved for front ends to synthesize them.
 *   <li>Data: byte-range read and write with an explicit {@link
 *       dev.kiln.engine.api.fs.WriteStability}; commit makes unstable writes durable; holes read as
 *       zeros; allocate and punchHole for fallocate and SMB zero-data/sparse files.
 *   <li>Metadata: nanosecond timestamps including birth time, DOS attribute bits and SIDs for SMB,
 *       a change counter (NFS change attribute, SMB change notify), xattrs, named streams
 *       (file-like inodes hanging off an owner), NFSv4 ACLs.
 *   <li>Timestamps follow POSIX: data changes set mtime and ctime; metadata changes set ctime; a
 *       directory's mtime and ctime change when entries are added, removed or renamed.
 *   <li>Optional features are default methods throwing NotSupportedException, announced through
 *       {@link dev.kiln.engine.api.fs.FsFeature}.
 *   <li>Error precedence, so implementations fail alike (the model-based tests compare exception
 *       classes): read-only file system first; then handle errors of the inode arguments in order
 *       (BadHandle, StaleHandle, NotDirectory for directory arguments); then name checks
 *       (InvalidArgument for empty, '/', NUL, "." or ".."; NameTooLong); then existence
 *       (NoSuchEntry, AlreadyExists); then type rules (IsDirectory, NotDirectory, NotPermitted,
 *       DirectoryNotEmpty, InvalidArgument); then limits (TooManyLinks, FileTooLarge); space last
 *       (QuotaExceeded before NoSpace).
 * </ul>
 *
 * <p>Not here on purpose: permission evaluation and credentials (front ends own them), open state,
 * locks and leases (protocol state, not storage state), case-insensitive lookup (a future dataset
 * property).
 */
package dev.kiln.engine.api.fs;
