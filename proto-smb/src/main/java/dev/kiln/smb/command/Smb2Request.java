package dev.kiln.smb.command;

import dev.kiln.smb.protocol.NtStatus;
import dev.kiln.smb.protocol.Smb2Header;
import dev.kiln.smb.protocol.SmbReader;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.StatusFileClosed;
import dev.kiln.smb.protocol.StatusInvalidParameter;
import dev.kiln.smb.state.ConnectionState;
import dev.kiln.smb.state.Open;
import dev.kiln.smb.state.ServerContext;
import dev.kiln.smb.state.Session;
import dev.kiln.smb.state.Tree;

/** One request of a (possibly compounded) frame, with what it resolved to. */
public final class Smb2Request {

  /** Offset of the body after the header. */
  public static final int BODY = Smb2Header.SIZE;

  private final SmbReader r;
  private final Smb2Header h;
  private final ConnectionState conn;
  private final ServerContext server;
  private final MessageSender sender;
  private final Session session;
  private final Tree tree;
  private final long relatedFileId;
  private final int relatedStatus;
  private final boolean encrypted;
  private long resolvedFileId;

  Smb2Request(
      SmbReader r,
      Smb2Header h,
      ConnectionState conn,
      ServerContext server,
      MessageSender sender,
      Session session,
      Tree tree,
      long relatedFileId,
      int relatedStatus,
      boolean encrypted) {
    this.r = r;
    this.h = h;
    this.conn = conn;
    this.server = server;
    this.sender = sender;
    this.session = session;
    this.tree = tree;
    this.relatedFileId = relatedFileId;
    this.relatedStatus = relatedStatus;
    this.encrypted = encrypted;
  }

  /** The message bytes. */
  public SmbReader r() {
    return r;
  }

  /** The header. */
  public Smb2Header h() {
    return h;
  }

  /** The connection. */
  public ConnectionState conn() {
    return conn;
  }

  /** The server. */
  public ServerContext server() {
    return server;
  }

  /** Where responses go (for closing on violations). */
  public MessageSender sender() {
    return sender;
  }

  /** The session, or null for NEGOTIATE and new SESSION_SETUPs. */
  public Session session() {
    return session;
  }

  /** The tree, or null. */
  public Tree tree() {
    return tree;
  }

  /** Whether the request arrived encrypted. */
  public boolean encrypted() {
    return encrypted;
  }

  /**
   * The open named by the 16-byte FileId at {@code off}; in a related compound, all-ones means the
   * FileId of the preceding CREATE ([MS-SMB2] 3.3.5.2.7.2).
   */
  public Open open(int off) throws SmbStatusException {
    long persistent = r.u64(off);
    long volatileId = r.u64(off + 8);
    if (persistent == -1 && volatileId == -1 && h.related()) {
      if (relatedFileId == 0) {
        throw relatedStatus != NtStatus.SUCCESS
            ? new SmbStatusException(relatedStatus, "preceding request failed")
            : new StatusInvalidParameter("no FileId to relate to");
      }
      volatileId = relatedFileId;
    } else if (persistent != volatileId) {
      throw new StatusFileClosed("unknown FileId");
    }
    Open o = session.opens().get(volatileId);
    if (o == null || o.closed() || (tree != null && o.tree().id() != tree.id())) {
      throw new StatusFileClosed("unknown FileId " + volatileId);
    }
    resolvedFileId = volatileId;
    return o;
  }

  /** The volatile FileId {@link #open} last resolved, or 0 (what a related request inherits). */
  long resolvedFileId() {
    return resolvedFileId;
  }

  /**
   * Checks CreditCharge against a payload ([MS-SMB2] 3.3.5.2.5): with LARGE_MTU each started 64 KiB
   * needs one credit; without it payloads beyond 64 KiB are refused.
   */
  public void checkCharge(long payload) throws StatusInvalidParameter {
    if (!conn.largeMtu()) {
      if (payload > ConnectionState.MAX_IO_SMALL) {
        throw new StatusInvalidParameter("payload over 64 KiB without LARGE_MTU");
      }
      return;
    }
    long needed = payload == 0 ? 1 : 1 + (payload - 1) / 65536;
    if (Math.max(1, h.creditCharge()) < needed) {
      throw new StatusInvalidParameter(
          "CreditCharge " + h.creditCharge() + " for " + payload + " bytes");
    }
  }
}
