package dev.kiln.smb.command;

import dev.kiln.smb.crypto.SmbDialect;
import dev.kiln.smb.oplock.LeaseId;
import dev.kiln.smb.oplock.OplockLevel;
import dev.kiln.smb.protocol.SmbReader;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.StatusInvalidParameter;
import dev.kiln.smb.state.Open;
import java.io.IOException;

/**
 * OPLOCK_BREAK acknowledgments ([MS-SMB2] 2.2.24, 2.2.25, 3.3.5.22): the oplock form (24 bytes,
 * 3.3.5.22.1) and, from SMB 2.1 on, the lease form (36 bytes, 3.3.5.22.2).
 */
final class Smb2OplockBreak implements Smb2Handler {

  private static final int OPLOCK_ACK = 24;
  private static final int LEASE_ACK = 36;

  @Override
  public void handle(Smb2Request req, Smb2Response resp) throws SmbStatusException, IOException {
    SmbReader r = req.r();
    int size = r.u16(Smb2Request.BODY);
    if (size == LEASE_ACK && req.conn().dialect() != SmbDialect.SMB_2_0_2) {
      lease(req, resp);
      return;
    }
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

  private static void lease(Smb2Request req, Smb2Response resp) throws SmbStatusException {
    SmbReader r = req.r();
    r.expectBody(LEASE_ACK);
    byte[] key = r.bytes(72, 16);
    int state = r.u32(88);
    LeaseId id = LeaseRequest.id(req.conn().clientGuid(), key);
    int granted = req.server().oplocks().acknowledgeLease(id, state);
    resp.w().u16(LEASE_ACK).u16(0).u32(0).bytes(key).u32(granted).u64(0);
  }
}
