package dev.kiln.smb.command;

import dev.kiln.smb.crypto.SmbDialect;
import dev.kiln.smb.protocol.SmbReader;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.StatusInvalidParameter;
import dev.kiln.smb.state.Caller;
import dev.kiln.smb.state.DurableHandles;
import java.time.Duration;
import java.util.Map;

/**
 * The durable handle contexts of a CREATE: DHnQ ([MS-SMB2] 2.2.13.2.3), DHnC (2.2.13.2.4), DH2Q
 * (2.2.13.2.11) and DH2C (2.2.13.2.12), checked as 3.3.5.9 requires (v2 contexts only on SMB 3.x,
 * never mixed with v1 ones).
 *
 * @param v2 whether it is a DH2Q/DH2C
 * @param reconnect whether it reconnects (DHnC/DH2C) rather than asks for durability
 * @param fileId the FileId.Persistent to reconnect
 * @param createGuid the v2 CreateGuid; null for v1
 * @param timeoutMillis the v2 Timeout asked for (0: the server's default)
 */
record DurableRequest(
    boolean v2, boolean reconnect, long fileId, byte[] createGuid, long timeoutMillis) {

  /** DH2Q flag asking for a persistent handle (refused: no continuous availability here). */
  static final int PERSISTENT = 0x2;

  /** The durable request of a CREATE, or null when it has none. */
  static DurableRequest parse(SmbReader r, Map<String, CreateContexts.Context> ctx, SmbDialect d)
      throws SmbStatusException {
    CreateContexts.Context dhnq = ctx.get("DHnQ");
    CreateContexts.Context dhnc = ctx.get("DHnC");
    CreateContexts.Context dh2q = d.isSmb3() ? ctx.get("DH2Q") : null;
    CreateContexts.Context dh2c = d.isSmb3() ? ctx.get("DH2C") : null;
    if ((dh2q != null || dh2c != null) && (dhnq != null || dhnc != null)) {
      throw new StatusInvalidParameter("v1 and v2 durable handle contexts together");
    }
    if (dh2q != null && dh2c != null) {
      throw new StatusInvalidParameter("DH2Q and DH2C together");
    }
    if (dh2c != null) {
      need(dh2c, 36, "DH2C");
      return new DurableRequest(
          true, true, r.u64(dh2c.dataOffset()), r.bytes(dh2c.dataOffset() + 16, 16), 0);
    }
    if (dh2q != null) {
      need(dh2q, 32, "DH2Q");
      long timeout = r.u32(dh2q.dataOffset()) & 0xFFFF_FFFFL;
      return new DurableRequest(true, false, 0, r.bytes(dh2q.dataOffset() + 16, 16), timeout);
    }
    if (dhnc != null) {
      need(dhnc, 16, "DHnC");
      return new DurableRequest(false, true, r.u64(dhnc.dataOffset()), null, 0);
    }
    if (dhnq != null) {
      need(dhnq, 16, "DHnQ");
      return new DurableRequest(false, false, 0, null, 0);
    }
    return null;
  }

  private static void need(CreateContexts.Context c, int length, String tag)
      throws StatusInvalidParameter {
    if (c.dataLength() != length) {
      throw new StatusInvalidParameter(tag + " data length " + c.dataLength());
    }
  }

  /** The grant for an open by {@code caller}. */
  DurableHandles.Grant grant(Caller caller) {
    Duration timeout = v2 ? DurableHandles.v2Timeout(timeoutMillis) : DurableHandles.V1_TIMEOUT;
    return new DurableHandles.Grant(timeout, createGuid, caller.uid(), caller.name());
  }
}
