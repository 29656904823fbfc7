package dev.kiln.smb.command;

import dev.kiln.engine.api.fs.WriteStability;
import dev.kiln.smb.protocol.AccessMask;
import dev.kiln.smb.protocol.NtStatus;
import dev.kiln.smb.protocol.SmbReader;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.SmbWriter;
import dev.kiln.smb.protocol.StatusAccessDenied;
import dev.kiln.smb.protocol.StatusInvalidDeviceRequest;
import dev.kiln.smb.protocol.StatusInvalidParameter;
import dev.kiln.smb.protocol.StatusInvalidViewSize;
import dev.kiln.smb.protocol.StatusMediaWriteProtected;
import dev.kiln.smb.protocol.StatusObjectNameNotFound;
import dev.kiln.smb.state.Open;
import dev.kiln.smb.state.OpenFiles;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Server-side copy ([MS-SMB2] 3.3.5.15.6): FSCTL_SRV_REQUEST_RESUME_KEY names a source open,
 * FSCTL_SRV_COPYCHUNK(_WRITE) copies ranges of it into the target open without the data crossing
 * the wire. Each chunk is read whole before it is written, so overlapping ranges of one file copy
 * as a read-then-write would; chunks run in order and a failing one stops the copy, the response
 * saying how many were written. Byte-range locks apply as to READ and WRITE (Windows 2012 and
 * later, smbtorture smb2.ioctl.copy_chunk_src_lock).
 */
final class ServerSideCopy {

  /** ServerSideCopyMaxNumberofChunks ([MS-SMB2] 3.3.3). */
  static final int MAX_CHUNKS = 256;

  /** ServerSideCopyMaxChunkSize. */
  static final int MAX_CHUNK_SIZE = 1 << 20;

  /** ServerSideCopyMaxDataSize. */
  static final int MAX_DATA_SIZE = 16 << 20;

  /** SRV_COPYCHUNK_COPY before its chunks ([MS-SMB2] 2.2.31.1). */
  private static final int COPY_HEADER = 32;

  /** One SRV_COPYCHUNK (2.2.31.1.1). */
  private static final int CHUNK = 24;

  /** SRV_COPYCHUNK_RESPONSE (2.2.32.1). */
  static final int RESPONSE = 12;

  private ServerSideCopy() {}

  /** SRV_REQUEST_RESUME_KEY ([MS-SMB2] 2.2.32.3): the key, ContextLength 0 and 4 zero bytes. */
  static void resumeKey(Smb2Request req, Open open, long maxOut, SmbWriter out)
      throws SmbStatusException {
    if (open.pipe() != null || open.directory()) {
      throw new StatusInvalidDeviceRequest("resume keys name files");
    }
    if (maxOut < 32) {
      throw new StatusInvalidParameter("MaxOutputResponse < 32");
    }
    out.bytes(req.server().openFiles().resumeKey(open)).u32(0).u32(0);
  }

  /**
   * Copies the chunks of the SRV_COPYCHUNK_COPY at {@code inOff} into {@code target}; writes the
   * SRV_COPYCHUNK_RESPONSE into {@code out}, also when a chunk fails (the status then goes into
   * {@code resp}, as Windows and Samba answer).
   */
  static void copy(
      Smb2Request req,
      Smb2Response resp,
      Open target,
      boolean writeOnly,
      SmbReader r,
      int inOff,
      long inCount,
      long maxOut,
      SmbWriter out)
      throws SmbStatusException, IOException {
    if (target.pipe() != null || target.directory()) {
      throw new StatusInvalidDeviceRequest("copy target is not a file");
    }
    Open source = null;
    if (inCount >= 24) {
      source = req.server().openFiles().byResumeKey(r.bytes(inOff, 24));
      if (source == null || source.fs() == null) {
        throw new StatusObjectNameNotFound("no open has this resume key");
      }
    }
    if (maxOut < RESPONSE) {
      throw new StatusInvalidParameter("MaxOutputResponse < SRV_COPYCHUNK_RESPONSE");
    }
    long count = inCount >= COPY_HEADER ? r.u32(inOff + 24) & 0xffff_ffffL : -1;
    boolean valid = count >= 0 && count <= MAX_CHUNKS && inCount >= COPY_HEADER + count * CHUNK;
    long total = 0;
    for (int i = 0; valid && i < count; i++) {
      long length = r.u32(inOff + COPY_HEADER + i * CHUNK + 16) & 0xffff_ffffL;
      valid = length > 0 && length <= MAX_CHUNK_SIZE;
      total += length;
    }
    if (!valid || total > MAX_DATA_SIZE) {
      // 3.3.5.15.6.2: the response carries the server's limits.
      resp.status(NtStatus.INVALID_PARAMETER);
      out.u32(MAX_CHUNKS).u32(MAX_CHUNK_SIZE).u32(MAX_DATA_SIZE);
      return;
    }
    if (!source.grantedAny(AccessMask.READ_DATA | AccessMask.EXECUTE)) {
      // Windows accepts a source opened for execution only (smbtorture copy_chunk_bad_access).
      throw new StatusAccessDenied("the source is not open for reading or execution");
    }
    int needed = AccessMask.WRITE_DATA | (writeOnly ? 0 : AccessMask.READ_DATA);
    if (!target.granted(needed)) {
      throw new StatusAccessDenied("the target lacks " + Integer.toHexString(needed));
    }
    if (target.fs().readOnly() || target.tree().readOnly()) {
      throw new StatusMediaWriteProtected("read-only target");
    }
    int written = 0;
    long bytes = 0;
    try {
      OpenFiles files = req.server().openFiles();
      for (int i = 0; i < count; i++) {
        int at = inOff + COPY_HEADER + i * CHUNK;
        long sourceOffset = r.u64(at);
        long targetOffset = r.u64(at + 8);
        int length = (int) (r.u32(at + 16) & 0xffff_ffffL);
        if (sourceOffset < 0 || targetOffset < 0 || targetOffset + length < 0) {
          throw new StatusInvalidParameter("chunk offset beyond 2^63");
        }
        files.checkIo(source, sourceOffset, length, false);
        files.checkIo(target, targetOffset, length, true);
        ByteBuffer data = ByteBuffer.allocate(length);
        int n = source.fs().read(source.inode(), sourceOffset, data);
        if (n < length) {
          throw new StatusInvalidViewSize("chunk " + i + " reads beyond the source's end");
        }
        data.flip();
        req.server().oplocks().breakLevelTwo(target.node().key(), target.id());
        target
            .node()
            .writeTime()
            .beforeWrite(
                target.node().writeTime().needsMtime()
                    ? target.fs().getattr(target.inode()).mtime()
                    : null,
                files.clock().instant());
        target.touchedWriteTime();
        target.fs().write(target.inode(), targetOffset, data, WriteStability.UNSTABLE);
        written++;
        bytes += length;
      }
    } catch (SmbStatusException e) {
      resp.status(e.status());
    }
    out.u32(written).u32(0).u32((int) bytes);
  }
}
