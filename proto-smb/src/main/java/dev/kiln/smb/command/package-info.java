/**
 * The dispatcher and one class per SMB2 command ([MS-SMB2] 3.3.5), named after the spec.
 *
 * <p>Design notes: {@link dev.kiln.smb.command.Smb2Dispatcher} splits a frame into its compounded
 * requests, checks credits, session, signature and tree, runs the handler and sends the responses
 * of one frame together. A lone synchronous READ or WRITE of a file runs on a virtual thread of its
 * own ({@code ConcurrentRequests}); every other frame waits for those and runs on the connection's
 * reader, in arrival order (ADR 008 addendum). Related requests inherit session, tree and FileId
 * from the request before them; a request that would go async in the middle of a compound fails
 * with STATUS_INTERNAL_ERROR. Handlers throw one exception class per NTSTATUS; the dispatcher turns
 * them into error responses, so a malformed request costs its sender an error, never the connection
 * of others.
 */
package dev.kiln.smb.command;
