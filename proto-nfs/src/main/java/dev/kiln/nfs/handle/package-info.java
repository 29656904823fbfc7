/** NFS file handles: 32 self-describing, checksummed bytes that survive server restarts. */
package dev.kiln.nfs.handle;
