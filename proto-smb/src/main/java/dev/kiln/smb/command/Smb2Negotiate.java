package dev.kiln.smb.command;

import dev.kiln.smb.crypto.CipherSuite;
import dev.kiln.smb.crypto.SigningAlgorithm;
import dev.kiln.smb.crypto.SmbDialect;
import dev.kiln.smb.protocol.FileTime;
import dev.kiln.smb.protocol.SmbReader;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.SmbWriter;
import dev.kiln.smb.protocol.StatusInvalidParameter;
import dev.kiln.smb.protocol.StatusNotSupported;
import dev.kiln.smb.state.ConnectionState;
import dev.kiln.smb.state.ServerContext;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** NEGOTIATE ([MS-SMB2] 2.2.3, 2.2.4, 3.3.5.4). */
final class Smb2Negotiate implements Smb2Handler {

  static final int SIGNING_ENABLED = 0x1;
  static final int SIGNING_REQUIRED = 0x2;
  static final int CAP_LEASING = 0x2;
  static final int CAP_LARGE_MTU = 0x4;
  static final int CAP_ENCRYPTION = 0x40;
  private static final int PREAUTH_CONTEXT = 1;
  private static final int ENCRYPTION_CONTEXT = 2;
  private static final int SIGNING_CONTEXT = 8;
  private static final int SHA_512 = 1;
  private static final SecureRandom RANDOM = new SecureRandom();

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
    ConnectionState conn = req.conn();
    if (conn.dialect() != null) {
      // 3.3.5.4: a second NEGOTIATE on a connection ends it.
      resp.none();
      return;
    }
    SmbReader r = req.r();
    r.expectBody(36);
    int count = r.u16(66);
    if (count == 0) {
      throw new StatusInvalidParameter("no dialects");
    }
    int securityMode = r.u16(68);
    int clientCaps = r.u32(72);
    byte[] guid = r.bytes(76, 16);
    List<Integer> offered = new ArrayList<>();
    SmbDialect chosen = null;
    for (int i = 0; i < count; i++) {
      int rev = r.u16(100 + 2 * i);
      offered.add(rev);
      for (SmbDialect d : SmbDialect.values()) {
        if (d.revision() == rev && (chosen == null || d.revision() > chosen.revision())) {
          chosen = d;
        }
      }
    }
    if (chosen == null) {
      throw new StatusNotSupported("no common dialect in " + offered);
    }
    ServerContext server = req.server();
    boolean crypto = server.crypto() != null;
    SigningAlgorithm signing =
        chosen.isSmb3() ? SigningAlgorithm.AES_128_CMAC : SigningAlgorithm.HMAC_SHA256;
    CipherSuite cipher = null;
    boolean preauth = false;
    int encryptionContextCiphers = -1;
    boolean signingContext = false;
    if (chosen == SmbDialect.SMB_3_1_1) {
      int ctxOff = r.u32(92);
      int ctxCount = r.u16(96);
      int p = ctxOff;
      for (int i = 0; i < ctxCount; i++) {
        p = (p + 7) & ~7;
        int type = r.u16(p);
        int len = r.u16(p + 2);
        r.checkRange(p + 8, len, 100);
        int data = p + 8;
        switch (type) {
          case PREAUTH_CONTEXT -> {
            int algCount = r.u16(data);
            for (int a = 0; a < algCount; a++) {
              preauth |= r.u16(data + 4 + 2 * a) == SHA_512;
            }
          }
          case ENCRYPTION_CONTEXT -> {
            int n = r.u16(data);
            encryptionContextCiphers = 0;
            for (int a = 0; a < n && cipher == null; a++) {
              int id = r.u16(data + 2 + 2 * a);
              for (CipherSuite c : CipherSuite.values()) {
                if (c.id() == id && crypto) {
                  cipher = c;
                }
              }
            }
          }
          case SIGNING_CONTEXT -> {
            signingContext = true;
            int n = r.u16(data);
            SigningAlgorithm best = null;
            for (int a = 0; a < n; a++) {
              int id = r.u16(data + 2 + 2 * a);
              for (SigningAlgorithm s : SigningAlgorithm.values()) {
                if (s.id() == id && (best == null || s.id() > best.id())) {
                  best = s;
                }
              }
            }
            if (best != null) {
              signing = best;
            }
          }
          default -> {
            // Other contexts (compression, netname, transport, RDMA) are not negotiated.
          }
        }
        p = data + len;
      }
      if (!preauth) {
        throw new StatusInvalidParameter("3.1.1 without SHA-512 preauth integrity");
      }
    } else if (chosen.isSmb3() && crypto && (clientCaps & CAP_ENCRYPTION) != 0) {
      cipher = CipherSuite.AES_128_CCM;
    }
    // SMB2_GLOBAL_CAP_LEASING: leases are granted from SMB 2.1 on (ADR 011).
    int caps = chosen == SmbDialect.SMB_2_0_2 ? 0 : CAP_LARGE_MTU | CAP_LEASING;
    if (cipher != null && chosen != SmbDialect.SMB_3_1_1) {
      caps |= CAP_ENCRYPTION;
    }
    int secMode = SIGNING_ENABLED | (server.requireSigning() ? SIGNING_REQUIRED : 0);
    conn.negotiated(chosen, guid, clientCaps, securityMode, offered, caps, secMode);
    conn.cipher(cipher);
    conn.signingAlgorithm(signing);
    if (chosen == SmbDialect.SMB_3_1_1) {
      conn.preauthHash(PreauthHash.next(PreauthHash.initial(), r.array(), r.base(), r.length()));
    }
    SmbWriter w = resp.w();
    int bodyStart = w.position();
    writeBody(w, server, conn, chosen.revision(), secMode, caps);
    if (chosen == SmbDialect.SMB_3_1_1) {
      w.align(8);
      int ctxOffset = w.position() - resp.start();
      int n = 1;
      w.u16(PREAUTH_CONTEXT).u16(38).u32(0).u16(1).u16(32).u16(SHA_512);
      byte[] salt = new byte[32];
      RANDOM.nextBytes(salt);
      w.bytes(salt);
      if (encryptionContextCiphers >= 0) {
        w.align(8);
        w.u16(ENCRYPTION_CONTEXT).u16(4).u32(0).u16(1).u16(cipher == null ? 0 : cipher.id());
        n++;
      }
      if (signingContext) {
        w.align(8);
        w.u16(SIGNING_CONTEXT).u16(4).u32(0).u16(1).u16(signing.id());
        n++;
      }
      w.set16(bodyStart + 6, n);
      w.set32(bodyStart + 60, ctxOffset);
      resp.onBuilt(
          msg -> conn.preauthHash(PreauthHash.next(conn.preauthHash(), msg, 0, msg.length)));
    }
  }

  private static void writeBody(
      SmbWriter w, ServerContext server, ConnectionState conn, int dialect, int secMode, int caps) {
    int max =
        (caps & CAP_LARGE_MTU) != 0 ? ConnectionState.MAX_IO_LARGE : ConnectionState.MAX_IO_SMALL;
    byte[] token = server.authenticator().negotiateToken();
    w.u16(65).u16(secMode).u16(dialect).u16(0).bytes(server.serverGuid()).u32(caps);
    w.u32(max).u32(max).u32(max);
    w.u64(FileTime.of(server.clock().instant())).u64(0);
    w.u16(token.length == 0 ? 0 : 128).u16(token.length).u32(0);
    w.bytes(token);
    if (token.length == 0) {
      w.u8(0);
    }
  }

  /** Answers an SMB1 NEGOTIATE offering SMB2 with an SMB2 NEGOTIATE response (3.3.5.3.1). */
  static void smb1Upgrade(ServerContext server, ConnectionState conn, int dialect, SmbWriter w) {
    int secMode = SIGNING_ENABLED | (server.requireSigning() ? SIGNING_REQUIRED : 0);
    if (dialect == 0x02FF) {
      conn.wildcardNegotiated(true);
    } else {
      conn.negotiated(SmbDialect.SMB_2_0_2, new byte[16], 0, 0, List.of(0x0202), 0, secMode);
    }
    writeBody(w, server, conn, dialect, secMode, dialect == 0x02FF ? CAP_LARGE_MTU : 0);
  }
}
