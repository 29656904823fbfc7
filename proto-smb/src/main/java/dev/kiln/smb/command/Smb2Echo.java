package dev.kiln.smb.command;

import dev.kiln.smb.protocol.SmbStatusException;

/** ECHO ([MS-SMB2] 2.2.28, 3.3.5.17). */
final class Smb2Echo implements Smb2Handler {

  @Override
  public boolean needsSession() {
    return false;
  }

  @Override
  public boolean needsTree() {
    return false;
  }

  @Override
  public void handle(Smb2Request req, Smb2Response resp) throws SmbStatusException {
    req.r().expectBody(4);
    resp.w().u16(4).u16(0);
  }
}
