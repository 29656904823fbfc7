package dev.kiln.smb.command;

import dev.kiln.smb.protocol.AccessMask;
import dev.kiln.smb.protocol.NtStatus;
import dev.kiln.smb.protocol.Smb2Command;
import dev.kiln.smb.protocol.Smb2Header;
import dev.kiln.smb.protocol.SmbReader;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.SmbWriter;
import dev.kiln.smb.protocol.StatusAccessDenied;
import dev.kiln.smb.protocol.StatusInvalidParameter;
import dev.kiln.smb.protocol.StatusNetworkNameDeleted;
import dev.kiln.smb.protocol.StatusUserSessionDeleted;
import dev.kiln.smb.state.ConnectionState;
import dev.kiln.smb.state.Open;
import dev.kiln.smb.state.ServerContext;
import dev.kiln.smb.state.Session;
import dev.kiln.smb.state.Tree;
import dev.kiln.smb.transport.PayloadBuffers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes the frames of one connection ([MS-SMB2] 3.3.5.2): decrypts, splits compounds, checks
 * credits, session, signature and tree, runs the command and sends the (compounded) response.
 */
public final class Smb2Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(Smb2Dispatcher.class);

  private final ServerContext server;
  private final ConnectionState conn;
  private final MessageSender sender;
  private final Smb2Handler[] handlers;
  private final Map<Long, AsyncReply> byAsyncId = new ConcurrentHashMap<>();
  private final Map<Long, AsyncReply> byMessageId = new ConcurrentHashMap<>();
  private final Closer closer;
  private final ConcurrentRequests concurrent;
  private final PayloadBuffers payloads;
  private boolean first = true;

  /**
   * A dispatcher for one connection; closer, notifications and payload buffers are the server's.
   */
  public Smb2Dispatcher(
      ServerContext server,
      ConnectionState conn,
      MessageSender sender,
      Closer closer,
      ChangeNotifications notifications,
      PayloadBuffers payloads) {
    this.server = server;
    this.conn = conn;
    this.sender = sender;
    this.closer = closer;
    this.handlers = Smb2Commands.table(closer, notifications);
    this.concurrent = new ConcurrentRequests(conn.remote());
    this.payloads = payloads;
  }

  /** The async operations still pending (for cleanup at disconnect). */
  public List<AsyncReply> pending() {
    return new ArrayList<>(byAsyncId.values());
  }

  /**
   * Processes one frame, on the calling thread or (a lone READ or WRITE of a file) on a thread of
   * its own; false means the connection must be closed.
   */
  public boolean frame(byte[] frame) throws IOException {
    boolean wasFirst = first;
    first = false;
    if (frame.length >= 4
        && (frame[0] & 0xff) == 0xFF
        && frame[1] == 'S'
        && frame[2] == 'M'
        && frame[3] == 'B') {
      return wasFirst && smb1Negotiate(frame);
    }
    Session encryptedFor = null;
    if (frame.length >= 4 && (frame[0] & 0xff) == 0xFD && frame[1] == 'S') {
      if (server.crypto() == null) {
        return false;
      }
      Session s = conn.sessions().get(server.crypto().transformSessionId(frame));
      if (s == null || s.cipher() == null) {
        return false;
      }
      try {
        frame = s.cipher().decrypt(frame, 0, frame.length);
      } catch (java.security.GeneralSecurityException | RuntimeException e) {
        LOG.debug("{}: undecryptable message: {}", conn.remote(), e.toString());
        return false;
      }
      encryptedFor = s;
    }
    if (!Smb2Header.isSmb2(frame, 0, frame.length)) {
      return false;
    }
    if (runsConcurrently(frame)) {
      byte[] message = frame;
      Session encrypted = encryptedFor;
      concurrent.start(creditCharge(message), () -> concurrently(message, encrypted));
      return true;
    }
    concurrent.awaitIdle();
    return compound(frame, encryptedFor);
  }

  /** Waits until the requests running beside the reader are done (connection closing). */
  public void drain() throws IOException {
    concurrent.awaitIdle();
  }

  private void concurrently(byte[] frame, Session encryptedFor) {
    boolean keep;
    try {
      keep = compound(frame, encryptedFor);
    } catch (IOException e) {
      LOG.debug("{}: {}", conn.remote(), e.toString());
      keep = false;
    } catch (RuntimeException e) {
      LOG.warn("{}: request failed", conn.remote(), e);
      keep = false;
    }
    if (!keep) {
      // The reader sees the closed socket and ends the connection.
      sender.close();
    }
  }

  /**
   * Whether a (decrypted) frame may run beside others: a single, uncompounded, synchronous READ or
   * WRITE on a file of a disk share through an open that writes where it is told. Pipes keep their
   * order (a transaction's WRITE then READ), append-only opens compute their offset from the size,
   * and anything that cannot be resolved here runs in order and fails there.
   */
  private boolean runsConcurrently(byte[] frame) {
    if (frame.length < Smb2Header.SIZE + 32 || u32(frame, 20) != 0) {
      return false;
    }
    int cmd = (frame[12] & 0xff) | (frame[13] & 0xff) << 8;
    int flags = u32(frame, 16);
    if ((cmd != Smb2Command.READ && cmd != Smb2Command.WRITE)
        || (flags & (Smb2Header.FLAG_ASYNC | Smb2Header.FLAG_RELATED)) != 0) {
      return false;
    }
    Session session = conn.sessions().get(u64(frame, 40));
    if (session == null || session.state() != Session.State.VALID) {
      return false;
    }
    Tree tree = session.trees().get(u32(frame, 36));
    if (tree == null || tree.ipc()) {
      return false;
    }
    // READ and WRITE both carry the FileId 16 bytes into the body ([MS-SMB2] 2.2.19, 2.2.21).
    long persistent = u64(frame, Smb2Header.SIZE + 16);
    long volatileId = u64(frame, Smb2Header.SIZE + 24);
    if (persistent != volatileId) {
      return false;
    }
    Open open = session.opens().get(volatileId);
    return open != null
        && !open.closed()
        && open.pipe() == null
        && !open.directory()
        && (cmd == Smb2Command.READ || open.granted(AccessMask.WRITE_DATA));
  }

  private static int creditCharge(byte[] frame) {
    return Math.max(1, (frame[6] & 0xff) | (frame[7] & 0xff) << 8);
  }

  private static int u32(byte[] b, int at) {
    return (b[at] & 0xff)
        | (b[at + 1] & 0xff) << 8
        | (b[at + 2] & 0xff) << 16
        | (b[at + 3] & 0xff) << 24;
  }

  private static long u64(byte[] b, int at) {
    return (u32(b, at) & 0xffff_ffffL) | (long) u32(b, at + 4) << 32;
  }

  private boolean smb1Negotiate(byte[] frame) throws IOException {
    // [MS-SMB2] 3.3.5.3: an SMB1 NEGOTIATE naming "SMB 2.002" or "SMB 2.???" gets an SMB2
    // NEGOTIATE response; any other SMB1 message is refused by disconnecting.
    if (frame.length < 35 || frame[4] != 0x72) {
      return false;
    }
    int p = 35;
    boolean wildcard = false;
    boolean smb2002 = false;
    while (p < frame.length) {
      if (frame[p] != 0x02) {
        return false;
      }
      int end = p + 1;
      while (end < frame.length && frame[end] != 0) {
        end++;
      }
      String dialect =
          new String(frame, p + 1, end - p - 1, java.nio.charset.StandardCharsets.US_ASCII);
      wildcard |= dialect.equals("SMB 2.???");
      smb2002 |= dialect.equals("SMB 2.002");
      p = end + 1;
    }
    if (!wildcard && !smb2002) {
      return false;
    }
    SmbWriter w = new SmbWriter(256);
    Smb2Header.writeResponse(w, Smb2Command.NEGOTIATE, 0, 1, 0, 0, 0, 0, 0);
    Smb2Negotiate.smb1Upgrade(server, conn, wildcard ? 0x02FF : 0x0202, w);
    conn.credits().grant(0, 1);
    sender.send(w, new int[] {0}, new Session[] {null}, null);
    return true;
  }

  private boolean compound(byte[] frame, Session encryptedFor) throws IOException {
    SmbWriter out = new SmbWriter(512);
    List<Integer> starts = new ArrayList<>();
    List<Session> signers = new ArrayList<>();
    List<Runnable> afterSend = new ArrayList<>();
    ByteBuffer payload = null;
    long prevSessionId = 0;
    int prevTreeId = 0;
    long prevFileId = 0;
    int prevStatus = NtStatus.SUCCESS;
    int off = 0;
    while (true) {
      int remaining = frame.length - off;
      if (remaining < Smb2Header.SIZE) {
        return false;
      }
      int next =
          (frame[off + 20] & 0xff)
              | (frame[off + 21] & 0xff) << 8
              | (frame[off + 22] & 0xff) << 16
              | (frame[off + 23] & 0xff) << 24;
      int len;
      if (next == 0) {
        len = remaining;
      } else {
        if (next < Smb2Header.SIZE || (next & 7) != 0 || next >= remaining) {
          return false;
        }
        len = next;
      }
      SmbReader r = new SmbReader(frame, off, len);
      Smb2Header h;
      try {
        h = Smb2Header.parse(r);
      } catch (StatusInvalidParameter e) {
        return false;
      }
      if ((h.flags() & Smb2Header.FLAG_RESPONSE) != 0) {
        return false;
      }
      if (h.command() == Smb2Command.CANCEL) {
        cancel(h);
      } else {
        int charge = conn.largeMtu() ? Math.max(1, h.creditCharge()) : 1;
        if (!conn.credits().consume(h.messageId(), charge)) {
          LOG.debug("{}: message id {} outside the credit window", conn.remote(), h.messageId());
          return false;
        }
        if (conn.dialect() == null
            && h.command() != Smb2Command.NEGOTIATE
            && !(conn.wildcardNegotiated() && h.command() == Smb2Command.NEGOTIATE)) {
          return false;
        }
        if (!starts.isEmpty()) {
          out.align(8);
          int prev = starts.get(starts.size() - 1);
          out.set32(prev + 20, out.position() - prev);
        }
        int start = out.position();
        out.zeros(Smb2Header.SIZE);
        // Only a message alone in its frame may end in a direct payload (nothing follows it).
        Smb2Response resp = new Smb2Response(out, start, off == 0 && next == 0 ? payloads : null);
        Outcome o;
        try {
          o =
              one(
                  r,
                  h,
                  resp,
                  encryptedFor,
                  prevSessionId,
                  prevTreeId,
                  prevFileId,
                  prevStatus,
                  starts.isEmpty(),
                  next == 0);
        } finally {
          payload = resp.takePayload();
        }
        if (o == null) {
          release(payload);
          return false;
        }
        starts.add(start);
        signers.add(o.signer);
        if (o.async != null) {
          afterSend.add(o.async);
        }
        prevSessionId = o.sessionId;
        prevTreeId = o.treeId;
        if (h.command() == Smb2Command.CREATE) {
          prevFileId = o.status == NtStatus.SUCCESS ? resp.fileId() : 0;
        } else if (o.fileId != 0 || !h.related()) {
          // [MS-SMB2] 3.3.5.2.7.2: a related request uses the FileId of the one before it; an
          // unrelated one that named no open leaves nothing to relate to.
          prevFileId = o.fileId;
        }
        prevStatus = o.status;
      }
      if (next == 0) {
        break;
      }
      off += next;
    }
    if (starts.size() > 1) {
      // Every response of a compound is padded to 8 bytes, the last one too, as Windows and
      // Samba send them (smbtorture smb2.compound.compound-padding checks it).
      out.align(8);
    }
    if (!starts.isEmpty()) {
      int[] s = starts.stream().mapToInt(Integer::intValue).toArray();
      try {
        sender.send(out, s, signers.toArray(new Session[0]), encryptedFor, payload);
      } finally {
        release(payload);
      }
    }
    afterSend.forEach(Runnable::run);
    return true;
  }

  private void release(ByteBuffer payload) {
    if (payload != null) {
      payloads.give(payload);
    }
  }

  private record Outcome(
      int status, long sessionId, int treeId, Session signer, Runnable async, long fileId) {}

  private Outcome one(
      SmbReader r,
      Smb2Header h,
      Smb2Response resp,
      Session encryptedFor,
      long prevSessionId,
      int prevTreeId,
      long prevFileId,
      int prevStatus,
      boolean first,
      boolean last)
      throws IOException {
    SmbWriter out = resp.w();
    int start = resp.start();
    int cmd = h.command();
    long sid = h.related() ? prevSessionId : h.sessionId();
    int tid = h.related() ? prevTreeId : h.treeId();
    Session session = null;
    Session foreign = null;
    Tree tree = null;
    int status;
    boolean failed = false;
    Smb2Request req = null;
    try {
      Smb2Handler handler = cmd < handlers.length ? handlers[cmd] : null;
      if (handler == null) {
        throw new StatusInvalidParameter("unknown command " + cmd);
      }
      if (h.related() && first) {
        // [MS-SMB2] 3.3.5.2.7.2: the first request of a compound has nothing to relate to.
        throw new StatusInvalidParameter("first request of a compound marked related");
      }
      if (handler.needsSession()) {
        session = conn.sessions().get(sid);
        if (session == null || session.state() != Session.State.VALID) {
          if (h.related()) {
            // The request before it had no session to hand on (as Windows and Samba answer).
            throw new StatusInvalidParameter("related request without a session");
          }
          throw new StatusUserSessionDeleted("no session " + Long.toHexString(sid));
        }
      } else if (cmd == Smb2Command.SESSION_SETUP && sid != 0) {
        session = conn.sessions().get(sid);
        if (session == null) {
          // [MS-SMB2] 3.3.5.5.2: a request naming a session of another connection (a binding, or
          // a mistake) is answered with a refusal signed with that session's key, as Windows
          // does (Samba bug 14512); the client checks that signature.
          foreign = server.globalSessions().find(sid).orElse(null);
        }
      }
      if (session != null && session.signer() != null && encryptedFor == null) {
        if (h.signed()) {
          if (!session.signer().verify(r.array(), r.base(), r.length())) {
            throw new StatusAccessDenied("bad signature");
          }
        } else if (session.signingRequired() && session.state() == Session.State.VALID) {
          throw new StatusAccessDenied("unsigned request on a signed session");
        }
      }
      if (session != null
          && session.encryptData()
          && encryptedFor == null
          && session.state() == Session.State.VALID
          && cmd != Smb2Command.SESSION_SETUP) {
        throw new StatusAccessDenied("unencrypted request on an encrypted session");
      }
      if (handler.needsTree()) {
        tree = session.trees().get(tid);
        if (tree == null) {
          throw new StatusNetworkNameDeleted("no tree " + tid);
        }
        if (tree.encrypt() && encryptedFor == null) {
          throw new StatusAccessDenied("unencrypted request on an encrypted share");
        }
      }
      req =
          new Smb2Request(
              r,
              h,
              conn,
              server,
              sender,
              session,
              tree,
              prevFileId,
              prevStatus,
              encryptedFor != null);
      handler.handle(req, resp);
      status = resp.status();
      if (resp.isNone()) {
        return null;
      }
    } catch (SmbStatusException e) {
      failed = true;
      status = e.status();
      LOG.debug(
          "{} cmd {}: {} {}", conn.remote(), cmd, Integer.toHexString(status), e.getMessage());
    } catch (IOException e) {
      failed = true;
      status = EngineErrors.status(e);
      if (status == NtStatus.INTERNAL_ERROR) {
        LOG.warn("{} cmd {}: {}", conn.remote(), cmd, e.toString());
      }
    } catch (RuntimeException e) {
      failed = true;
      status = NtStatus.INTERNAL_ERROR;
      LOG.warn("{} cmd {} failed", conn.remote(), cmd, e);
    }
    if (session == null && resp.sessionIdOverride() >= 0) {
      session = conn.sessions().get(resp.sessionIdOverride());
    }
    if (!failed && resp.isAsync() && !last && cmd != Smb2Command.CREATE) {
      // [MS-SMB2] 3.3.5.2.7 (note on compounding): only the last request of a compound, or a
      // CREATE waiting for an oplock break, may go async; Windows and Samba fail any other one
      // with STATUS_INTERNAL_ERROR and go on with the rest. Answering PENDING here would leave
      // the client waiting for a final response that nothing would send.
      failed = true;
      status = NtStatus.INTERNAL_ERROR;
    }
    boolean async = !failed && resp.isAsync();
    if (failed || async) {
      resp.releasePayload();
      out.position(start + Smb2Header.SIZE);
      Smb2Response.errorBody(out, failed ? resp.errorData() : new byte[0]);
    }
    Runnable started = null;
    long asyncId = 0;
    Session signer = null;
    if (resp.forcedSign()) {
      signer = resp.signAs();
    } else if (session != null
        && session.signer() != null
        && encryptedFor == null
        && (h.signed() || session.signingRequired())
        && status != NtStatus.USER_SESSION_DELETED) {
      signer = session;
    } else if (foreign != null && foreign.signer() != null && encryptedFor == null && h.signed()) {
      signer = foreign;
    }
    if (async) {
      asyncId = server.nextId();
      status = NtStatus.PENDING;
      Session s = session;
      long id = asyncId;
      AsyncReply reply =
          new AsyncReply(
              asyncId,
              h.messageId(),
              cmd,
              s,
              signer != null,
              encryptedFor != null,
              sender,
              () -> {
                byAsyncId.remove(id);
                byMessageId.remove(h.messageId());
              });
      byAsyncId.put(asyncId, reply);
      byMessageId.put(h.messageId(), reply);
      Consumer<AsyncReply> startIt = resp.asyncStart();
      started = () -> startIt.accept(reply);
    }
    int minimum = conn.credits().outstanding() == 0 ? 1 : 0;
    int granted = conn.credits().grant(h.credits(), minimum);
    long sessionId =
        resp.sessionIdOverride() >= 0
            ? resp.sessionIdOverride()
            : (session != null ? session.id() : sid);
    int treeId = resp.treeIdOverride() >= 0 ? resp.treeIdOverride() : tid;
    if (LOG.isTraceEnabled()) {
      LOG.trace(
          "{} mid {} cmd {} -> {} ({} bytes)",
          conn.remote(),
          h.messageId(),
          cmd,
          Integer.toHexString(status),
          out.position() - start);
    }
    int flags =
        (h.related() ? Smb2Header.FLAG_RELATED : 0) | (signer != null ? Smb2Header.FLAG_SIGNED : 0);
    SmbWriter hw = new SmbWriter(Smb2Header.SIZE);
    Smb2Header.writeResponse(
        hw, cmd, status, granted, flags, h.messageId(), asyncId, treeId, sessionId);
    System.arraycopy(hw.array(), 0, out.array(), start, Smb2Header.SIZE);
    if (resp.builtHook() != null) {
      byte[] msg = new byte[out.position() - start];
      System.arraycopy(out.array(), start, msg, 0, msg.length);
      resp.builtHook().accept(msg);
    }
    return new Outcome(
        status, sessionId, treeId, signer, started, req == null ? 0 : req.resolvedFileId());
  }

  private void cancel(Smb2Header h) {
    // [MS-SMB2] 3.3.5.16: CANCEL consumes no credit and gets no response of its own.
    AsyncReply reply = h.async() ? byAsyncId.get(h.asyncId()) : byMessageId.get(h.messageId());
    if (reply != null) {
      reply.cancel();
    }
  }

  /** Cancels everything pending and closes every open (connection closing). */
  public void closeAll() {
    for (AsyncReply r : pending()) {
      r.cancel();
    }
    for (Session s : conn.sessions().values()) {
      closer.disconnectSession(s);
    }
    conn.sessions().clear();
  }
}
