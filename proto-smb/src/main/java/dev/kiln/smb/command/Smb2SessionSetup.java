package dev.kiln.smb.command;

import dev.kiln.smb.auth.AuthResult;
import dev.kiln.smb.auth.AuthStep;
import dev.kiln.smb.auth.LogonFailedException;
import dev.kiln.smb.auth.SmbAccount;
import dev.kiln.smb.crypto.MessageSigner;
import dev.kiln.smb.crypto.SigningAlgorithm;
import dev.kiln.smb.crypto.SmbDialect;
import dev.kiln.smb.crypto.TransformCipher;
import dev.kiln.smb.protocol.NtStatus;
import dev.kiln.smb.protocol.SmbReader;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.SmbWriter;
import dev.kiln.smb.protocol.StatusAccessDenied;
import dev.kiln.smb.protocol.StatusInvalidParameter;
import dev.kiln.smb.protocol.StatusLogonFailure;
import dev.kiln.smb.protocol.StatusNotSupported;
import dev.kiln.smb.protocol.StatusRequestNotAccepted;
import dev.kiln.smb.protocol.StatusRequestOutOfSequence;
import dev.kiln.smb.protocol.StatusUserSessionDeleted;
import dev.kiln.smb.state.Caller;
import dev.kiln.smb.state.ConnectionState;
import dev.kiln.smb.state.ServerContext;
import dev.kiln.smb.state.Session;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SESSION_SETUP ([MS-SMB2] 2.2.5, 2.2.6, 3.3.5.5). */
final class Smb2SessionSetup implements Smb2Handler {

  private static final Logger LOG = LoggerFactory.getLogger(Smb2SessionSetup.class);
  private static final int FLAG_BINDING = 0x1;
  private static final int SESSION_IS_GUEST = 0x1;
  private static final int SESSION_IS_NULL = 0x2;
  private static final int SESSION_ENCRYPT_DATA = 0x4;

  private final Closer closer;

  Smb2SessionSetup(Closer closer) {
    this.closer = closer;
  }

  @Override
  public boolean needsSession() {
    return false;
  }

  @Override
  public boolean needsTree() {
    return false;
  }

  @Override
  public void handle(Smb2Request req, Smb2Response resp) throws SmbStatusException, IOException {
    SmbReader r = req.r();
    r.expectBody(25);
    int flags = r.u8(66);
    int securityMode = r.u8(67);
    int secOff = r.u16(76);
    int secLen = r.u16(78);
    r.checkRange(secOff, secLen, 88);
    byte[] token = r.bytes(secOff, secLen);
    ConnectionState conn = req.conn();
    ServerContext server = req.server();
    long sid = req.h().sessionId();
    if ((flags & FLAG_BINDING) != 0) {
      refuseBinding(server, conn, sid, req.h().signed());
    }
    Session s;
    boolean fresh = false;
    boolean reauth = false;
    if (sid == 0) {
      s = new Session(server.nextId());
      s.exchange(server.authenticator().begin(conn.remote()));
      conn.sessions().put(s.id(), s);
      fresh = true;
    } else {
      s = conn.sessions().get(sid);
      if (s == null) {
        throw new StatusUserSessionDeleted("no session " + Long.toHexString(sid));
      }
      reauth = s.state() == Session.State.VALID;
      if (s.exchange() == null) {
        s.exchange(server.authenticator().begin(conn.remote()));
        if (conn.dialect() == SmbDialect.SMB_3_1_1) {
          s.preauthHash(null);
        }
      }
    }
    boolean smb311 = conn.dialect() == SmbDialect.SMB_3_1_1;
    if (smb311) {
      byte[] prev = s.preauthHash() == null ? conn.preauthHash() : s.preauthHash();
      s.preauthHash(PreauthHash.next(prev, r.array(), r.base(), r.length()));
    }
    AuthStep step;
    try {
      step = s.exchange().accept(token);
    } catch (LogonFailedException e) {
      LOG.info("{}: logon failed: {}", conn.remote(), e.getMessage());
      if (fresh || s.state() != Session.State.VALID) {
        conn.sessions().remove(s.id());
      }
      s.exchange(null);
      if (e.malformed()) {
        // Samba bug 14932: a token that does not parse is INVALID_PARAMETER, not a failed logon.
        throw new StatusInvalidParameter(e.getMessage());
      }
      throw new StatusLogonFailure(e.getMessage());
    }
    resp.sessionId(s.id());
    SmbWriter w = resp.w();
    int bodyStart = w.position();
    byte[] out = step.responseToken();
    w.u16(9).u16(0).u16(out.length == 0 ? 0 : 72).u16(out.length).bytes(out);
    if (out.length == 0) {
      w.u8(0);
    }
    if (step.result().isEmpty()) {
      resp.status(NtStatus.MORE_PROCESSING_REQUIRED);
      if (smb311) {
        resp.onBuilt(msg -> s.preauthHash(PreauthHash.next(s.preauthHash(), msg, 0, msg.length)));
      }
      return;
    }
    AuthResult result = step.result().get();
    int sessionFlags = 0;
    MessageSigner signer = null;
    TransformCipher cipher = null;
    Caller caller;
    if (result.account().isPresent()) {
      SmbAccount a = result.account().get();
      caller = new Caller(a.name(), a.uid(), a.gids(), a.superuser(), a.readOnly());
    } else {
      caller = Caller.guest();
    }
    if (reauth && s.signer() != null) {
      // [MS-SMB2] 3.3.5.5.3: a re-authentication keeps the session's keys (even when it is
      // anonymous now); only the user identity is refreshed.
      signer = s.signer();
      cipher = s.cipher();
      if (result.guest() || result.anonymous()) {
        sessionFlags |= result.anonymous() ? SESSION_IS_NULL : SESSION_IS_GUEST;
      }
    } else if (result.guest() || result.anonymous()) {
      sessionFlags |= result.anonymous() ? SESSION_IS_NULL : SESSION_IS_GUEST;
      if (server.requireSigning() || server.requireEncryption()) {
        drop(conn, s);
        throw new StatusAccessDenied("guest sessions cannot sign or encrypt");
      }
    } else if (server.crypto() != null) {
      byte[] key = result.sessionKey();
      byte[] preauth = smb311 ? s.preauthHash() : null;
      signer = server.crypto().signer(conn.dialect(), conn.signingAlgorithm(), key, preauth);
      if (conn.dialect().isSmb3() && conn.cipher() != null) {
        cipher =
            server
                .crypto()
                .cipher(conn.dialect(), conn.cipher(), key, preauth, s.id())
                .orElse(null);
      }
    }
    if (server.requireEncryption() && cipher == null) {
      drop(conn, s);
      throw new StatusAccessDenied("encryption is required and cannot be used on this session");
    }
    boolean signingRequired =
        signer != null
            && (server.requireSigning() || (securityMode & Smb2Negotiate.SIGNING_REQUIRED) != 0);
    if (cipher != null && server.requireEncryption()) {
      sessionFlags |= SESSION_ENCRYPT_DATA;
      s.encryptData(true);
    }
    s.keys(signer, cipher);
    s.signingRequired(signingRequired);
    s.established(caller, result.guest(), result.anonymous());
    server.globalSessions().add(s, conn);
    endPrevious(server, r.u64(80), s);
    w.set16(bodyStart + 2, sessionFlags);
    if (signer != null && (smb311 || signingRequired)) {
      resp.forceSign(s);
    }
    LOG.debug("{}: session {} for '{}'", conn.remote(), Long.toHexString(s.id()), caller.name());
  }

  /**
   * [MS-SMB2] 3.3.5.5.2: the checks of a binding request in the order Windows makes them (the
   * statuses smbtorture's session.bind_negative tests expect), then the refusal every binding gets:
   * multichannel is not offered (ADR 008).
   */
  private static void refuseBinding(
      ServerContext server, ConnectionState conn, long sid, boolean signed)
      throws SmbStatusException {
    if (!signed) {
      throw new StatusInvalidParameter("an unsigned binding request");
    }
    ConnectionState home = server.globalSessions().connectionOf(sid).orElse(null);
    if (home == null) {
      throw new StatusUserSessionDeleted("no session " + Long.toHexString(sid) + " to bind");
    }
    SigningAlgorithm sessionAlg = signingOf(home);
    SigningAlgorithm channelAlg = signingOf(conn);
    if (sessionAlg == SigningAlgorithm.AES_128_GMAC && channelAlg != sessionAlg) {
      throw new StatusRequestOutOfSequence("a GMAC-signed session bound with " + channelAlg);
    }
    if (channelAlg == SigningAlgorithm.AES_128_GMAC && channelAlg != sessionAlg) {
      throw new StatusNotSupported("a GMAC channel for a session signed with " + sessionAlg);
    }
    if (!conn.dialect().isSmb3()) {
      throw new StatusRequestNotAccepted("binding needs SMB 3");
    }
    if (home.dialect() != conn.dialect() || home.cipher() != conn.cipher()) {
      throw new StatusInvalidParameter("binding across dialects or ciphers");
    }
    throw new StatusRequestNotAccepted("multichannel session binding is not supported");
  }

  private static SigningAlgorithm signingOf(ConnectionState c) {
    return !c.dialect().isSmb3()
        ? SigningAlgorithm.HMAC_SHA256
        : c.dialect() != SmbDialect.SMB_3_1_1 || c.signingAlgorithm() == null
            ? SigningAlgorithm.AES_128_CMAC
            : c.signingAlgorithm();
  }

  /**
   * [MS-SMB2] 3.3.5.5.3: a PreviousSessionId of the same user ends that session (on whatever
   * connection it is), so its durable opens wait for a reconnect and the rest close.
   */
  private void endPrevious(ServerContext server, long previous, Session s) {
    if (previous == 0 || previous == s.id() || s.guest() || s.anonymous()) {
      return;
    }
    Caller who = s.caller();
    Session old = server.globalSessions().find(previous).orElse(null);
    if (old == null
        || old.caller() == null
        || old.caller().uid() != who.uid()
        || !old.caller().name().equals(who.name())) {
      return;
    }
    server.globalSessions().take(previous).ifPresent(closer::disconnectSession);
  }

  private void drop(ConnectionState conn, Session s) {
    conn.sessions().remove(s.id());
    closer.closeSession(s);
  }
}
