package dev.kiln.smb.command;

import dev.kiln.smb.protocol.SmbStatusException;

/** LOGOFF ([MS-SMB2] 2.2.7, 3.3.5.6): closes the session's non-durable opens and forgets it. */
final class Smb2Logoff implements Smb2Handler {

  private final Closer closer;

  Smb2Logoff(Closer closer) {
    this.closer = closer;
  }

  @Override
  public boolean needsTree() {
    return false;
  }

  @Override
  public void handle(Smb2Request req, Smb2Response resp) throws SmbStatusException {
    req.r().expectBody(4);
    req.conn().sessions().remove(req.session().id());
    closer.disconnectSession(req.session());
    resp.w().u16(4).u16(0);
  }
}
