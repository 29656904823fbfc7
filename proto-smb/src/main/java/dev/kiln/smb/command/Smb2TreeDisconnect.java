package dev.kiln.smb.command;

import dev.kiln.smb.protocol.SmbStatusException;

/** TREE_DISCONNECT ([MS-SMB2] 2.2.11, 3.3.5.8): closes the tree's opens. */
final class Smb2TreeDisconnect implements Smb2Handler {

  private final Closer closer;

  Smb2TreeDisconnect(Closer closer) {
    this.closer = closer;
  }

  @Override
  public void handle(Smb2Request req, Smb2Response resp) throws SmbStatusException {
    req.r().expectBody(4);
    req.session().trees().remove(req.tree().id());
    closer.closeTree(req.session(), req.tree());
    resp.w().u16(4).u16(0);
  }
}
