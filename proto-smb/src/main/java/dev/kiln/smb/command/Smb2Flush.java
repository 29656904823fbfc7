package dev.kiln.smb.command;

import dev.kiln.smb.protocol.AccessMask;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.StatusAccessDenied;
import dev.kiln.smb.state.Open;
import java.io.IOException;

/** FLUSH ([MS-SMB2] 2.2.17, 3.3.5.11): the engine's commit makes earlier writes durable. */
final class Smb2Flush implements Smb2Handler {

  @Override
  public void handle(Smb2Request req, Smb2Response resp) throws SmbStatusException, IOException {
    req.r().expectBody(24);
    Open open = req.open(72);
    if (!open.grantedAny(AccessMask.WRITE_DATA | AccessMask.APPEND_DATA)) {
      throw new StatusAccessDenied("flush needs write access");
    }
    if (open.fs() != null && !open.fs().readOnly()) {
      // A pending LastWriteTime update happens with the flush (smbtorture
      // smb2.timestamps.delayed-write-vs-flush).
      if (open.node() != null) {
        open.node().writeTime().flush(req.server().openFiles().clock().instant());
      }
      open.fs().commit(open.inode(), 0, 0);
    }
    resp.w().u16(4).u16(0);
  }
}
