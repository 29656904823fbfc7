package dev.kiln.smb.command;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.SmbWriter;
import dev.kiln.smb.protocol.StatusAccessDenied;
import dev.kiln.smb.protocol.StatusObjectNameNotFound;
import dev.kiln.smb.state.DurableHandles;
import dev.kiln.smb.state.Open;
import dev.kiln.smb.state.Session;
import dev.kiln.smb.state.Tree;
import java.io.IOException;

/**
 * A CREATE with DHnC or DH2C ([MS-SMB2] 3.3.5.9.7, 3.3.5.9.12): takes a disconnected durable open
 * of the same user into the requesting session and tree, with its oplock, position and locks.
 */
final class DurableReconnect {

  private static final int ACTION_OPENED = 1;

  private DurableReconnect() {}

  static void reconnect(Smb2Request req, Smb2Response resp, DurableRequest d)
      throws SmbStatusException, IOException {
    Tree tree = req.tree();
    Session session = req.session();
    if (tree.ipc()) {
      throw new StatusObjectNameNotFound("no durable handles on IPC$");
    }
    DurableHandles durables = req.server().durables();
    DurableHandles.Reconnect rc = durables.reconnect(d.fileId(), session.caller(), d.createGuid());
    if (rc.refusal() == DurableHandles.Refusal.ACCESS_DENIED) {
      throw new StatusAccessDenied("durable handle of another user");
    }
    if (rc.refusal() != null) {
      throw new StatusObjectNameNotFound("no disconnected durable handle " + d.fileId());
    }
    Open open = rc.open();
    open.reattach(session, tree);
    session.opens().put(open.id(), open);
    req.server()
        .oplocks()
        .rebind(open.id(), new ConnectionBreakChannel(req.sender(), session, tree));
    resp.fileId(open.id());
    Attributes a =
        req.server().openFiles().effective(open.fs().guid(), open.fs().getattr(open.inode()));
    SmbWriter w = resp.w();
    w.u16(89).u8(req.server().oplocks().level(open.id())).u8(0).u32(ACTION_OPENED);
    Smb2Close.writeTimesAndSizes(w, a, null);
    w.u32(0).u64(open.id()).u64(open.id());
    w.u32(0).u32(0);
    // Samba and Windows answer a reconnect without a durable response context.
    w.u8(0);
  }
}
