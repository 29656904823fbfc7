package dev.kiln.smb.command;

import dev.kiln.smb.crypto.SmbDialect;
import dev.kiln.smb.oplock.LeaseGrant;
import dev.kiln.smb.oplock.LeaseId;
import dev.kiln.smb.protocol.SmbReader;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.SmbWriter;
import dev.kiln.smb.protocol.StatusInvalidParameter;
import dev.kiln.smb.state.ConnectionState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * The RqLs create context: SMB2_CREATE_REQUEST_LEASE ([MS-SMB2] 2.2.13.2.8, 32 bytes) or, on SMB
 * 3.x, SMB2_CREATE_REQUEST_LEASE_V2 (2.2.13.2.10, 52 bytes); SMB 2.0.2 knows no leases.
 *
 * @param id the lease's ClientGuid and LeaseKey
 * @param state the LeaseState asked for
 * @param version 1 or 2
 * @param parentKey the v2 ParentLeaseKey when its flag is set, else null
 * @param epoch the v2 Epoch
 */
record LeaseRequest(LeaseId id, int state, int version, byte[] parentKey, int epoch) {

  /** SMB2_LEASE_FLAG_BREAK_IN_PROGRESS. */
  static final int BREAK_IN_PROGRESS = 0x2;

  /** SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET. */
  static final int PARENT_LEASE_KEY_SET = 0x4;

  private static final int V1_LENGTH = 32;
  private static final int V2_LENGTH = 52;

  /** The lease request of a CREATE, or null when it has none or the dialect has no leases. */
  static LeaseRequest parse(SmbReader r, Map<String, CreateContexts.Context> ctx, ConnectionState c)
      throws SmbStatusException {
    CreateContexts.Context rq = ctx.get("RqLs");
    SmbDialect d = c.dialect();
    if (rq == null || d == null || d == SmbDialect.SMB_2_0_2) {
      return null;
    }
    if (rq.dataLength() < V1_LENGTH) {
      throw new StatusInvalidParameter("RqLs data length " + rq.dataLength());
    }
    int at = rq.dataOffset();
    LeaseId id = id(c.clientGuid(), r.bytes(at, 16));
    int state = r.u32(at + 16);
    if (rq.dataLength() >= V2_LENGTH && d.isSmb3()) {
      int flags = r.u32(at + 20);
      byte[] parent = (flags & PARENT_LEASE_KEY_SET) != 0 ? r.bytes(at + 32, 16) : null;
      return new LeaseRequest(id, state, 2, parent, r.u16(at + 48));
    }
    return new LeaseRequest(id, state, 1, null, 0);
  }

  /** The LeaseId of {@code clientGuid} and {@code key}. */
  static LeaseId id(byte[] clientGuid, byte[] key) {
    ByteBuffer g = ByteBuffer.wrap(clientGuid).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer k = ByteBuffer.wrap(key).order(ByteOrder.LITTLE_ENDIAN);
    return new LeaseId(g.getLong(0), g.getLong(8), k.getLong(0), k.getLong(8));
  }

  /**
   * Appends the RqLs response context ([MS-SMB2] 2.2.14.2.10 or 2.2.14.2.11) after the context at
   * {@code prev}; returns where it starts.
   */
  static int respond(SmbWriter w, int prev, LeaseId id, int version, LeaseGrant g, byte[] parent) {
    int flags = g.breaking() ? BREAK_IN_PROGRESS : 0;
    if (version == 2) {
      int at = Smb2Create.context(w, prev, "RqLs", V2_LENGTH);
      flags |= parent != null ? PARENT_LEASE_KEY_SET : 0;
      w.u64(id.keyLow()).u64(id.keyHigh()).u32(g.state()).u32(flags).u64(0);
      if (parent != null) {
        w.bytes(parent);
      } else {
        w.zeros(16);
      }
      w.u16(g.epoch()).u16(0);
      return at;
    }
    int at = Smb2Create.context(w, prev, "RqLs", V1_LENGTH);
    w.u64(id.keyLow()).u64(id.keyHigh()).u32(g.state()).u32(flags).u64(0);
    return at;
  }
}
