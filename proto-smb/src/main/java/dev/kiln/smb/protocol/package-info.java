/**
 * SMB2 wire basics: the packet header ([MS-SMB2] 2.2.1), command codes, NTSTATUS values with one
 * exception class per status used, bounds-checked readers and a growable writer.
 *
 * <p>Design notes: every length and offset taken from a request goes through {@link
 * dev.kiln.smb.protocol.SmbReader}, which answers anything outside the message with
 * STATUS_INVALID_PARAMETER, so no parser can index past a frame.
 */
package dev.kiln.smb.protocol;
