package dev.kiln.smb.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** SPNEGO tokens (RFC 4178 §4.2, [MS-SPNG] 2.2): NegTokenInit(2) and NegTokenResp in DER. */
final class SpnegoTokens {

  /** 1.3.6.1.5.5.2, the SPNEGO mechanism. */
  static final byte[] SPNEGO_OID = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};

  /** 1.3.6.1.4.1.311.2.2.10, NTLMSSP. */
  static final byte[] NTLMSSP_OID = {
    0x2b, 0x06, 0x01, 0x04, 0x01, (byte) 0x82, 0x37, 0x02, 0x02, 0x0a
  };

  static final int ACCEPT_COMPLETED = 0;
  static final int ACCEPT_INCOMPLETE = 1;
  static final int REJECT = 2;

  private static final int APPLICATION_0 = 0x60;
  private static final int SEQUENCE = 0x30;
  private static final int OID = 0x06;
  private static final int OCTET_STRING = 0x04;
  private static final int ENUMERATED = 0x0a;
  private static final int GENERAL_STRING = 0x1b;

  /**
   * A client's NegTokenInit.
   *
   * @param mechTypes the mechanism OIDs (contents only) in the client's order of preference
   * @param mechTypesDer the DER MechTypeList, which the mechListMIC covers
   * @param mechToken the optimistic token for the first mechanism; empty when absent
   * @param mechListMic the client's mechListMIC; empty when absent
   */
  record ClientInit(
      List<byte[]> mechTypes, byte[] mechTypesDer, byte[] mechToken, byte[] mechListMic) {}

  /**
   * A client's NegTokenResp.
   *
   * @param responseToken the mechanism token; empty when absent
   * @param mechListMic the mechListMIC; empty when absent
   */
  record ClientResp(byte[] responseToken, byte[] mechListMic) {}

  private SpnegoTokens() {}

  /**
   * The server-initiated NegTokenInit2 ([MS-SPNG] 2.2.1) for the NEGOTIATE response: NTLMSSP as the
   * only mechanism and the customary negHints.
   */
  static byte[] negTokenInit2() {
    byte[] mechTypes = Der.tlv(SEQUENCE, Der.tlv(OID, NTLMSSP_OID));
    byte[] hints =
        Der.tlv(
            SEQUENCE,
            Der.tlv(
                0xa0,
                Der.tlv(
                    GENERAL_STRING,
                    "not_defined_in_RFC4178@please_ignore".getBytes(StandardCharsets.US_ASCII))));
    byte[] init = Der.tlv(SEQUENCE, Der.tlv(0xa0, mechTypes), Der.tlv(0xa3, hints));
    return Der.tlv(APPLICATION_0, Der.tlv(OID, SPNEGO_OID), Der.tlv(0xa0, init));
  }

  /** A NegTokenResp (RFC 4178 §4.2.2); empty arrays leave fields out, supportedMech is NTLMSSP. */
  static byte[] negTokenResp(
      int negState, boolean supportedMech, byte[] responseToken, byte[] mechListMic) {
    List<byte[]> fields = new ArrayList<>();
    fields.add(Der.tlv(0xa0, Der.tlv(ENUMERATED, new byte[] {(byte) negState})));
    if (supportedMech) {
      fields.add(Der.tlv(0xa1, Der.tlv(OID, NTLMSSP_OID)));
    }
    if (responseToken.length > 0) {
      fields.add(Der.tlv(0xa2, Der.tlv(OCTET_STRING, responseToken)));
    }
    if (mechListMic.length > 0) {
      fields.add(Der.tlv(0xa3, Der.tlv(OCTET_STRING, mechListMic)));
    }
    return Der.tlv(0xa1, Der.tlv(SEQUENCE, fields.toArray(byte[][]::new)));
  }

  /** Whether the token is a NegTokenInit, GSS-API framed (0x60) or bare ([0]). */
  static boolean isInit(byte[] token) {
    return token.length > 0 && ((token[0] & 0xff) == APPLICATION_0 || (token[0] & 0xff) == 0xa0);
  }

  /** Whether the token is a NegTokenResp ([1]). */
  static boolean isResp(byte[] token) {
    return token.length > 0 && (token[0] & 0xff) == 0xa1;
  }

  /** Parses a client NegTokenInit (RFC 4178 §4.2.1), framed by GSS-API or not. */
  static ClientInit parseInit(byte[] token) throws LogonFailedException {
    Der.Tlv outer = whole(token);
    Der.Tlv choice;
    if (outer.tag() == APPLICATION_0) {
      List<Der.Tlv> parts = outer.children();
      if (parts.size() != 2
          || parts.get(0).tag() != OID
          || !Arrays.equals(parts.get(0).value(), SPNEGO_OID)
          || parts.get(1).tag() != 0xa0) {
        throw new LogonFailedException("not a SPNEGO initial context token");
      }
      choice = parts.get(1);
    } else if (outer.tag() == 0xa0) {
      choice = outer;
    } else {
      throw new LogonFailedException("not a NegTokenInit");
    }
    List<byte[]> mechs = new ArrayList<>();
    byte[] mechTypesDer = null;
    byte[] mechToken = new byte[0];
    byte[] mic = new byte[0];
    for (Der.Tlv f : choice.only(SEQUENCE).children()) {
      switch (f.tag()) {
        case 0xa0 -> {
          Der.Tlv list = f.only(SEQUENCE);
          mechTypesDer = list.encoded();
          for (Der.Tlv oid : list.children()) {
            if (oid.tag() != OID) {
              throw new LogonFailedException("malformed SPNEGO mechTypes");
            }
            mechs.add(oid.value());
          }
        }
        case 0xa1 -> {} // reqFlags: ignored, as [MS-SPNG] 3.2.5.1 allows
        case 0xa2 -> mechToken = f.only(OCTET_STRING).value();
        case 0xa3 -> {
          // [3] is mechListMIC in NegTokenInit but negHints in NegTokenInit2 ([MS-SPNG] 2.2.1).
          Der.Tlv inner = f.children().isEmpty() ? null : f.children().get(0);
          if (inner != null && inner.tag() == OCTET_STRING) {
            mic = f.only(OCTET_STRING).value();
          } else {
            f.only(SEQUENCE);
          }
        }
        case 0xa4 -> mic = f.only(OCTET_STRING).value();
        default -> throw new LogonFailedException("unknown NegTokenInit field");
      }
    }
    if (mechTypesDer == null || mechs.isEmpty()) {
      throw new LogonFailedException("NegTokenInit without mechTypes");
    }
    return new ClientInit(mechs, mechTypesDer, mechToken, mic);
  }

  /** Parses a client NegTokenResp (RFC 4178 §4.2.2). */
  static ClientResp parseResp(byte[] token) throws LogonFailedException {
    Der.Tlv outer = whole(token);
    if (outer.tag() != 0xa1) {
      throw new LogonFailedException("not a NegTokenResp");
    }
    byte[] response = new byte[0];
    byte[] mic = new byte[0];
    for (Der.Tlv f : outer.only(SEQUENCE).children()) {
      switch (f.tag()) {
        case 0xa0 -> {
          Der.Tlv state = f.only(ENUMERATED);
          if (state.valueLength() != 1) {
            throw new LogonFailedException("malformed negState");
          }
          if (state.value()[0] == REJECT) {
            throw new LogonFailedException("the client rejected the negotiation");
          }
        }
        case 0xa1 -> {
          if (!Arrays.equals(f.only(OID).value(), NTLMSSP_OID)) {
            throw new LogonFailedException("the client chose a mechanism other than NTLMSSP");
          }
        }
        case 0xa2 -> response = f.only(OCTET_STRING).value();
        case 0xa3 -> mic = f.only(OCTET_STRING).value();
        default -> throw new LogonFailedException("unknown NegTokenResp field");
      }
    }
    return new ClientResp(response, mic);
  }

  private static Der.Tlv whole(byte[] token) throws LogonFailedException {
    Der.Tlv t = Der.read(token, 0, token.length);
    if (t.valueOffset() + t.valueLength() != token.length) {
      throw new LogonFailedException("trailing bytes after the SPNEGO token");
    }
    return t;
  }
}
