/**
 * RPC plumbing shared by Kiln's programs: the dispatcher frame that turns malformed arguments into
 * GARBAGE_ARGS and bugs into SYSTEM_ERR, bounded XDR decoding, endpoints binding TCP and UDP on one
 * port, and the portmap/rpcbind table (RFC 1833).
 */
package dev.kiln.nfs.rpc;
