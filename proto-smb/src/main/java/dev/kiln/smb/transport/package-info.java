/**
 * Framing of SMB messages on TCP: direct TCP on 445 ([MS-SMB2] 2.1) and the NetBIOS session service
 * on 139 (RFC 1002 §4.3).
 *
 * <p>Design notes: a frame is read whole into one array and parsed in place; a malformed prefix
 * closes the connection, since framing cannot be resynchronized. Large READ data leaves from pooled
 * direct buffers ({@link dev.kiln.smb.transport.PayloadBuffers}), bounded server-wide, in one
 * gathering write with its header.
 */
package dev.kiln.smb.transport;
