package dev.kiln.smb.command;

import dev.kiln.smb.protocol.AccessMask;
import dev.kiln.smb.protocol.NtStatus;
import dev.kiln.smb.protocol.SmbReader;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.SmbWriter;
import dev.kiln.smb.protocol.StatusAccessDenied;
import dev.kiln.smb.protocol.StatusEndOfFile;
import dev.kiln.smb.protocol.StatusInvalidDeviceRequest;
import dev.kiln.smb.protocol.StatusInvalidParameter;
import dev.kiln.smb.state.Open;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * READ ([MS-SMB2] 2.2.19, 2.2.20, 3.3.5.12): the engine reads straight into what is sent: for large
 * reads a direct buffer that follows the response body in a gathering write, otherwise the response
 * array; one copy from the engine to the socket either way.
 */
final class Smb2Read implements Smb2Handler {

  /** Reads from this size on go through a direct payload buffer when one is free. */
  private static final int DIRECT_MIN = 64 << 10;

  @Override
  public void handle(Smb2Request req, Smb2Response resp) throws SmbStatusException, IOException {
    SmbReader r = req.r();
    r.expectBody(49);
    long length = r.u32(68) & 0xffff_ffffL;
    long offset = r.u64(72);
    Open open = req.open(80);
    long minimum = r.u32(96) & 0xffff_ffffL;
    if (length > req.conn().maxIo()) {
      throw new StatusInvalidParameter("READ of " + length + " bytes");
    }
    req.checkCharge(length);
    SmbWriter w = resp.w();
    if (open.pipe() != null) {
      byte[] data = open.pipe().read((int) length);
      if (open.pipe().available() > 0) {
        resp.status(NtStatus.BUFFER_OVERFLOW);
      }
      w.u16(17).u8(80).u8(0).u32(data.length).u32(0).u32(0).bytes(data);
      return;
    }
    if (open.directory()) {
      throw new StatusInvalidDeviceRequest("READ of a directory");
    }
    if (!open.grantedAny(AccessMask.READ_DATA | AccessMask.EXECUTE)) {
      throw new StatusAccessDenied("no read access");
    }
    if (offset < 0 || offset + length < 0) {
      throw new StatusInvalidParameter("range beyond 2^63 - 1");
    }
    req.server().openFiles().checkIo(open, offset, length, false);
    int n = (int) length;
    w.u16(17).u8(80).u8(0);
    int lenAt = w.position();
    w.u32(0).u32(0).u32(0);
    ByteBuffer direct = n >= DIRECT_MIN ? resp.directPayload(n) : null;
    if (direct != null) {
      // The data follows the 16-byte body (DataOffset 80) straight from this buffer.
      int got = open.fs().read(open.inode(), offset, direct.duplicate());
      if (got <= 0 || got < minimum) {
        throw new StatusEndOfFile("read at " + offset);
      }
      direct.position(0).limit(got);
      open.position(offset + got);
      w.set32(lenAt, got);
      return;
    }
    byte[] arr = w.reserve(n);
    int got =
        n == 0 ? 0 : open.fs().read(open.inode(), offset, ByteBuffer.wrap(arr, w.position(), n));
    if (got <= 0 && n > 0 || got < minimum) {
      throw new StatusEndOfFile("read at " + offset);
    }
    if (n == 0) {
      // A zero-length read succeeds wherever it points.
      w.u8(0);
    }
    w.skip(got);
    // The file position follows synchronous reads ([MS-FSA] 2.1.5.2).
    open.position(offset + got);
    w.set32(lenAt, got);
  }
}
