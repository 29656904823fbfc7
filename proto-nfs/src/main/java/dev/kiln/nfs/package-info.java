/**
 * Kiln's NFS front end: portmap/rpcbind (111), MOUNT and NFSv3 (2049), NLM and NSM (4045).
 *
 * <p>Design notes. RPC framing, XDR and the TCP/UDP transports are oncrpc4j's; every program above
 * them is Kiln's, written from RFC 1813 (NFSv3, MOUNT), RFC 1833 (portmap/rpcbind) and the Open
 * Group XNFS (NLM, NSM). The front end sees the storage engine only through {@code engine-api}: an
 * {@link dev.kiln.nfs.export.ExportSource} names what is shared, each handle names (file system
 * guid, inode, generation) so nothing lives in server memory that a restart could lose. Calls run
 * on the selector thread that read them (oncrpc4j's same-thread strategy: no hand-off for a READ or
 * GETATTR), except those that wait for the intent log before replying (CREATE, REMOVE, ...), which
 * run on virtual threads, one per call, so that a commit never holds up the other connections of a
 * selector; the engine's own locking orders concurrent changes.
 */
package dev.kiln.nfs;
