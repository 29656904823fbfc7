package dev.kiln.iscsi.target;

import dev.kiln.iscsi.login.LoginNegotiator;
import dev.kiln.iscsi.login.NegotiationException;
import dev.kiln.iscsi.login.TextParameters;
import dev.kiln.iscsi.pdu.Pdu;
import java.io.ByteArrayOutputStream;

/**
 * The login state machine of one connection (RFC 7143 §6.3): security negotiation (AuthMethod and
 * CHAP), operational negotiation, and the transition to the full feature phase, where the session
 * is created, reinstated or joined.
 */
final class Login {

  private static final int SECURITY = 0;
  private static final int OPERATIONAL = 1;
  private static final int FULL_FEATURE = 3;

  /**
   * What to answer one login request with.
   *
   * @param flags byte 1 of the response (T, C, CSG, NSG)
   * @param tsih the TSIH to return
   * @param expCmdSn ExpCmdSN
   * @param maxCmdSn MaxCmdSN
   * @param status Status-Class and Status-Detail
   * @param text the response keys
   * @param complete true when this response moves the connection to the full feature phase
   * @param session the session, once complete
   * @param cid the connection id
   */
  record Step(
      int flags,
      int tsih,
      int expCmdSn,
      int maxCmdSn,
      int status,
      TextParameters text,
      boolean complete,
      Session session,
      int cid) {}

  private final IscsiServer server;
  private final Connection connection;
  private final LoginNegotiator negotiator;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private boolean first = true;
  private int stage = -1;
  private long isid;
  private int tsih;
  private int cid;
  private int itt;
  private int cmdSn;
  private String initiatorName;
  private boolean discovery;
  private IscsiTarget target;
  private Authenticator auth;
  private boolean authDone;
  private boolean tpgtSent;

  Login(IscsiServer server, Connection connection) {
    this.server = server;
    this.connection = connection;
    this.negotiator = new LoginNegotiator(server.limits());
  }

  /** Processes one Login Request. */
  Step step(Pdu req) {
    try {
      return process(req);
    } catch (LoginFailure e) {
      return fail(req, e.status());
    } catch (NegotiationException e) {
      return fail(req, LoginStatus.INITIATOR_ERROR);
    }
  }

  private Step fail(Pdu req, int status) {
    return new Step(
        req.u8(1) & 0x0c, req.u16(14), cmdSn, cmdSn, status, new TextParameters(), false, null, 0);
  }

  private Step process(Pdu req) throws LoginFailure, NegotiationException {
    int flags = req.u8(1);
    boolean transit = (flags & 0x80) != 0;
    boolean cont = (flags & 0x40) != 0;
    int csg = (flags >> 2) & 0x03;
    int nsg = flags & 0x03;
    if (first) {
      first = false;
      if (req.u8(3) > 0) {
        // Version-min above 0: we speak version 0 only (§11.12.4).
        throw new LoginFailure(LoginStatus.UNSUPPORTED_VERSION, "version");
      }
      isid = req.i64(8) >>> 16;
      tsih = req.u16(14);
      itt = req.itt();
      cid = req.u16(20);
      cmdSn = req.i32(24);
      connection.initialStatSn(req.i32(28));
    } else if (req.itt() != itt || (req.i64(8) >>> 16) != isid) {
      // §6.1: ITT and ISID stay the same for the whole login.
      throw new LoginFailure(LoginStatus.INITIATOR_ERROR, "ITT or ISID changed");
    }
    if (csg == 2 || (transit && (nsg == 2 || nsg <= csg))) {
      throw new LoginFailure(LoginStatus.INITIATOR_ERROR, "bad stage transition");
    }
    if (stage >= 0 && csg != stage) {
      throw new LoginFailure(LoginStatus.INITIATOR_ERROR, "stage changed without transition");
    }
    stage = csg;
    byte[] chunk = new byte[req.dataSegmentLength()];
    req.data().get(chunk);
    pending.writeBytes(chunk);
    if (pending.size() > TextParameters.MAX_TEXT) {
      throw new LoginFailure(LoginStatus.INITIATOR_ERROR, "login text too long");
    }
    TextParameters out = new TextParameters();
    if (cont) {
      // §6.1.1: more text follows; answer with an empty response and no transition.
      return new Step(csg << 2, tsih, cmdSn, cmdSn, LoginStatus.SUCCESS, out, false, null, 0);
    }
    TextParameters in = Connection.parseText(java.nio.ByteBuffer.wrap(pending.toByteArray()));
    pending.reset();
    for (TextParameters.Pair p : in.pairs()) {
      key(p.key(), p.value(), out);
    }
    if (auth != null && csg == SECURITY) {
      auth.endOfRequest(out);
      authDone = authDone || auth.done();
    }
    if (initiatorName == null) {
      throw new LoginFailure(LoginStatus.MISSING_PARAMETER, "no InitiatorName");
    }
    if (!discovery && target == null) {
      throw new LoginFailure(LoginStatus.MISSING_PARAMETER, "no TargetName");
    }
    if (!discovery && !tpgtSent) {
      // §13.9: the first response of a normal session's login names the portal group.
      out.add("TargetPortalGroupTag", Integer.toString(IscsiServer.PORTAL_GROUP_TAG));
      tpgtSent = true;
    }
    if (csg == SECURITY) {
      if (auth == null) {
        auth = server.authenticator(target, discovery);
        if (auth.required()) {
          // The initiator must offer AuthMethod before anything else happens.
          throw new LoginFailure(LoginStatus.AUTHENTICATION_FAILURE, "AuthMethod not offered");
        }
        authDone = true;
      }
      authDone = authDone || auth.done();
      if (transit && !authDone) {
        transit = false;
      }
    } else if (!authDone) {
      if (server.authenticator(target, discovery).required()) {
        throw new LoginFailure(LoginStatus.AUTHENTICATION_FAILURE, "security stage skipped");
      }
      authDone = true;
    }
    if (csg == OPERATIONAL || nsg == FULL_FEATURE) {
      if (!containsKey(out, "MaxRecvDataSegmentLength")) {
        out.add("MaxRecvDataSegmentLength", Integer.toString(server.limits().maxRecvDataSegment()));
      }
    }
    int respFlags = csg << 2;
    if (transit) {
      respFlags |= 0x80 | nsg;
      // §6.3: the next request continues in the stage we agreed to move to.
      stage = nsg;
    }
    if (transit && nsg == FULL_FEATURE) {
      IscsiServer.Joined joined =
          server.join(
              connection,
              tsih,
              isid,
              initiatorName,
              discovery ? null : target,
              cid,
              negotiator.result(),
              cmdSn);
      Session s = joined.session();
      return new Step(
          respFlags,
          s.tsih(),
          s.window().expCmdSn(),
          s.window().maxCmdSn(),
          LoginStatus.SUCCESS,
          out,
          true,
          s,
          cid);
    }
    return new Step(respFlags, tsih, cmdSn, cmdSn, LoginStatus.SUCCESS, out, false, null, cid);
  }

  private static boolean containsKey(TextParameters t, String key) {
    return t.get(key) != null;
  }

  private void key(String key, String value, TextParameters out)
      throws LoginFailure, NegotiationException {
    switch (key) {
      case "InitiatorName" -> initiatorName = value;
      case "InitiatorAlias" -> {}
      case "SessionType" -> {
        if (!value.equals("Normal") && !value.equals("Discovery")) {
          throw new LoginFailure(0x0209, "SessionType " + value);
        }
        discovery = value.equals("Discovery");
      }
      case "TargetName" -> {
        target =
            server
                .catalog()
                .target(value)
                .orElseThrow(() -> new LoginFailure(LoginStatus.NOT_FOUND, value));
        if (initiatorName != null && !target.allows(initiatorName)) {
          throw new LoginFailure(LoginStatus.AUTHORIZATION_FAILURE, initiatorName);
        }
      }
      case "AuthMethod" -> {
        if (stage != SECURITY) {
          throw new LoginFailure(LoginStatus.INITIATOR_ERROR, "AuthMethod outside security");
        }
        if (auth == null) {
          auth = server.authenticator(target, discovery);
        }
        String chosen = auth.chooseMethod(value);
        out.add(key, chosen);
        if (chosen.equals("Reject")) {
          throw new LoginFailure(LoginStatus.AUTHENTICATION_FAILURE, "no acceptable AuthMethod");
        }
        authDone = chosen.equals("None");
      }
      default -> {
        if (key.startsWith("CHAP_")) {
          if (auth == null || stage != SECURITY) {
            throw new LoginFailure(LoginStatus.INITIATOR_ERROR, "CHAP outside CHAP");
          }
          auth.key(key, value, out);
          authDone = auth.done();
        } else if (!negotiator.offer(key, value, out)) {
          out.add(key, "NotUnderstood");
        }
      }
    }
    if (key.equals("InitiatorName") && target != null && !target.allows(value)) {
      throw new LoginFailure(LoginStatus.AUTHORIZATION_FAILURE, value);
    }
  }
}
