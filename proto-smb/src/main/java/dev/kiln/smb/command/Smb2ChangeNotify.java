package dev.kiln.smb.command;

import dev.kiln.smb.protocol.AccessMask;
import dev.kiln.smb.protocol.SmbReader;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.StatusAccessDenied;
import dev.kiln.smb.protocol.StatusInvalidParameter;
import dev.kiln.smb.state.Open;

/**
 * CHANGE_NOTIFY ([MS-SMB2] 2.2.35, 2.2.36, 3.3.5.19): always async; completed by the next change
 * made through this server under the directory, by CANCEL, or by closing the handle.
 */
final class Smb2ChangeNotify implements Smb2Handler {

  private static final int WATCH_TREE = 0x1;

  private final ChangeNotifications notifications;

  Smb2ChangeNotify(ChangeNotifications notifications) {
    this.notifications = notifications;
  }

  @Override
  public void handle(Smb2Request req, Smb2Response resp) throws SmbStatusException {
    SmbReader r = req.r();
    r.expectBody(32);
    int flags = r.u16(66);
    long outLen = r.u32(68) & 0xffff_ffffL;
    Open open = req.open(72);
    int filter = r.u32(88);
    if (!open.directory()) {
      throw new StatusInvalidParameter("CHANGE_NOTIFY on a file");
    }
    if (!open.granted(AccessMask.READ_DATA)) {
      throw new StatusAccessDenied("no list access");
    }
    if (outLen > req.conn().maxIo()) {
      throw new StatusInvalidParameter("OutputBufferLength " + outLen);
    }
    resp.async(a -> notifications.watch(open, a, filter, (flags & WATCH_TREE) != 0, (int) outLen));
  }
}
