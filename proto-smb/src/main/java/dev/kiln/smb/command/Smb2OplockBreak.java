package dev.kiln.smb.command;

import dev.kiln.smb.oplock.OplockLevel;
import dev.kiln.smb.protocol.SmbReader;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.StatusInvalidParameter;
import dev.kiln.smb.state.Open;
import java.io.IOException;

/**
 * OPLOCK_BREAK acknowledgments ([MS-SMB2] 2.2.24, 2.2.25, 3.3.5.22): the oplock form (24 bytes,
 * 3.3.5.22.1). Lease acknowledgments (36 bytes) are refused since no lease is ever granted.
 */
final class Smb2OplockBreak implements Smb2Handler {

  private static final int OPLOCK_ACK = 24;

  @Override
  public void handle(Smb2Request req, Smb2Response resp) throws SmbStatusException, IOException {
    SmbReader r = req.r();
    int size = r.u16(Smb2Request.BODY);
    if (size != OPLOCK_ACK) {
      throw new StatusInvalidParameter("OPLOCK_BREAK StructureSize " + size);
    }
    r.expectBody(OPLOCK_ACK);
    int level = r.u8(66);
    Open open = req.open(72);
    if (level == OplockLevel.LEASE) {
      // 3.3.5.22.1: an oplock acknowledgment with the lease level ends the oplock.
      req.server().oplocks().release(open.id());
      throw new StatusInvalidParameter("oplock acknowledgment with the lease level");
    }
    int granted = req.server().oplocks().acknowledge(open.id(), level);
    resp.w().u16(OPLOCK_ACK).u8(granted).u8(0).u32(0).u64(open.id()).u64(open.id());
  }
}
