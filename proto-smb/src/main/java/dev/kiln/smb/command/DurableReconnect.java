package dev.kiln.smb.command;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.smb.oplock.LeaseGrant;
import dev.kiln.smb.oplock.LeaseId;
import dev.kiln.smb.oplock.OplockLevel;
import dev.kiln.smb.oplock.OplockTable;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.SmbWriter;
import dev.kiln.smb.protocol.StatusAccessDenied;
import dev.kiln.smb.protocol.StatusInvalidParameter;
import dev.kiln.smb.protocol.StatusObjectNameNotFound;
import dev.kiln.smb.state.DurableHandles;
import dev.kiln.smb.state.Open;
import dev.kiln.smb.state.Session;
import dev.kiln.smb.state.Tree;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * A CREATE with DHnC or DH2C ([MS-SMB2] 3.3.5.9.7, 3.3.5.9.12): takes a disconnected durable open
 * of the same user into the requesting session and tree, with its oplock, position and locks.
 */
final class DurableReconnect {

  private static final int ACTION_OPENED = 1;

  private DurableReconnect() {}

  static void reconnect(
      Smb2Request req,
      Smb2Response resp,
      DurableRequest d,
      String name,
      Map<String, CreateContexts.Context> ctx)
      throws SmbStatusException, IOException {
    Tree tree = req.tree();
    Session session = req.session();
    if (tree.ipc()) {
      throw new StatusObjectNameNotFound("no durable handles on IPC$");
    }
    DurableHandles durables = req.server().durables();
    OplockTable oplocks = req.server().oplocks();
    Optional<LeaseId> held = oplocks.leaseIdOf(d.fileId());
    LeaseRequest asked = LeaseRequest.parse(req.r(), ctx, req.conn());
    if (held.isPresent() != (asked != null) || (asked != null && !asked.id().equals(held.get()))) {
      // 3.3.5.9.7/3.3.5.9.12: the lease (ClientGuid and LeaseKey) must come back with a leased
      // handle, and only then.
      throw new StatusObjectNameNotFound("lease of durable handle " + d.fileId() + " differs");
    }
    if (asked != null
        && durables.disconnected(d.fileId())
        && !durables.pathOf(d.fileId()).equals(name.replace('/', '\\'))) {
      throw new StatusInvalidParameter("a leased durable handle is reconnected by its name");
    }
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
    int bodyStart = w.position();
    int level = held.isPresent() ? OplockLevel.LEASE : oplocks.level(open.id());
    w.u16(89).u8(level).u8(0).u32(ACTION_OPENED);
    Smb2Close.writeTimesAndSizes(w, a, null);
    w.u32(0).u64(open.id()).u64(open.id());
    w.u32(0).u32(0);
    // Samba and Windows answer a reconnect without a durable response context; a leased handle
    // gets its lease back.
    LeaseGrant g = oplocks.leaseGrantOf(open.id()).orElse(null);
    if (g == null) {
      w.u8(0);
      return;
    }
    int ctxStart = w.position();
    LeaseRequest.respond(w, -1, held.get(), oplocks.leaseVersionOf(open.id()), g, null);
    w.set32(bodyStart + 80, ctxStart - resp.start());
    w.set32(bodyStart + 84, w.position() - ctxStart);
  }
}
