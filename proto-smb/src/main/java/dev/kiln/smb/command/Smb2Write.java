package dev.kiln.smb.command;

import dev.kiln.engine.api.fs.WriteResult;
import dev.kiln.engine.api.fs.WriteStability;
import dev.kiln.smb.protocol.AccessMask;
import dev.kiln.smb.protocol.SmbReader;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.StatusAccessDenied;
import dev.kiln.smb.protocol.StatusDiskFull;
import dev.kiln.smb.protocol.StatusInvalidDeviceRequest;
import dev.kiln.smb.protocol.StatusInvalidParameter;
import dev.kiln.smb.protocol.StatusMediaWriteProtected;
import dev.kiln.smb.state.Open;
import dev.kiln.smb.state.WriteTime;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * WRITE ([MS-SMB2] 2.2.21, 2.2.22, 3.3.5.13): the payload goes to the engine as a view of the
 * received frame, no copy; write-through (flag or open option) asks for FILE_SYNC.
 */
final class Smb2Write implements Smb2Handler {

  private static final int WRITEFLAG_WRITE_THROUGH = 0x1;

  /** The largest end of file NTFS allows (16 TiB - 64 KiB), which clients probe. */
  private static final long MAX_FILE_SIZE = 0xfffffff0000L;

  private final ChangeNotifications notifications;

  Smb2Write(ChangeNotifications notifications) {
    this.notifications = notifications;
  }

  @Override
  public void handle(Smb2Request req, Smb2Response resp) throws SmbStatusException, IOException {
    SmbReader r = req.r();
    r.expectBody(49);
    int dataOff = r.u16(66);
    long length = r.u32(68) & 0xffff_ffffL;
    long offset = r.u64(72);
    Open open = req.open(80);
    int flags = r.u32(108);
    if (length > req.conn().maxIo()) {
      throw new StatusInvalidParameter("WRITE of " + length + " bytes");
    }
    req.checkCharge(length);
    r.checkRange(dataOff, length, 112);
    if (open.pipe() != null) {
      open.pipe().write(r.bytes(dataOff, (int) length));
      resp.w().u16(17).u16(0).u32((int) length).u32(0).u16(0).u16(0);
      return;
    }
    if (open.directory()) {
      throw new StatusInvalidDeviceRequest("WRITE to a directory");
    }
    if (!open.grantedAny(AccessMask.WRITE_DATA | AccessMask.APPEND_DATA)) {
      throw new StatusAccessDenied("no write access");
    }
    if (open.fs().readOnly()) {
      throw new StatusMediaWriteProtected("snapshot");
    }
    if (!open.granted(AccessMask.WRITE_DATA)) {
      // Append-only opens write at the end whatever the offset ([MS-FSA] 2.1.5.3).
      offset = open.fs().getattr(open.inode()).size();
    } else if (offset < 0 || offset + length < 0) {
      throw new StatusInvalidParameter("range beyond 2^63 - 1");
    } else if (length > 0 && offset >= MAX_FILE_SIZE) {
      throw new StatusInvalidParameter("write beyond the largest file size");
    } else if (length > 0 && offset + length >= MAX_FILE_SIZE) {
      throw new StatusDiskFull("the file would reach the largest file size");
    }
    req.server().openFiles().checkIo(open, offset, length, true);
    // [MS-FSA] 2.1.4.12: a write breaks every level II oplock of the file to none.
    req.server().oplocks().breakLevelTwo(open.node().key(), open.id());
    boolean through =
        (flags & WRITEFLAG_WRITE_THROUGH) != 0
            || (open.createOptions() & Smb2Create.WRITE_THROUGH) != 0;
    int count = 0;
    if (length > 0) {
      WriteTime writeTime = open.node().writeTime();
      Instant now = req.server().openFiles().clock().instant();
      writeTime.beforeWrite(
          writeTime.needsMtime() ? open.fs().getattr(open.inode()).mtime() : null, now);
      open.touchedWriteTime();
      ByteBuffer src = ByteBuffer.wrap(r.array(), r.base() + dataOff, (int) length);
      WriteResult result =
          open.fs()
              .write(
                  open.inode(),
                  offset,
                  src,
                  through ? WriteStability.FILE_SYNC : WriteStability.UNSTABLE);
      count = result.count();
    }
    open.position(offset + count);
    resp.w().u16(17).u16(0).u32(count).u32(0).u16(0).u16(0);
  }
}
