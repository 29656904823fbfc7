package dev.kiln.iscsi.target;

import dev.kiln.iscsi.login.TextParameters;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The security stage of one login (RFC 7143 §12.1.3, CHAP per RFC 1994 with MD5): chooses the
 * AuthMethod, sends the challenge, checks the initiator's response and, for mutual CHAP, answers
 * the initiator's challenge. Without credentials only AuthMethod=None is accepted.
 */
final class Authenticator {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final ChapCredentials credentials;
  private int state;
  private int identifier;
  private byte[] challenge;

  Authenticator(ChapCredentials credentials) {
    this.credentials = credentials;
  }

  /** True when the initiator must authenticate. */
  boolean required() {
    return credentials != null;
  }

  /** True once authentication succeeded (or none is required and None was chosen). */
  boolean done() {
    return state == 3;
  }

  /** Picks the first offered method we accept, or "Reject". */
  String chooseMethod(String offered) {
    for (String m : offered.split(",")) {
      if (credentials != null && m.equals("CHAP")) {
        state = 1;
        return "CHAP";
      }
      if (credentials == null && m.equals("None")) {
        state = 3;
        return "None";
      }
    }
    return "Reject";
  }

  /** Handles one CHAP_* key. */
  void key(String key, String value, TextParameters out) throws LoginFailure {
    switch (key) {
      case "CHAP_A" -> {
        if (state != 1) {
          throw fail("CHAP_A out of order");
        }
        boolean md5 = false;
        for (String a : value.split(",")) {
          md5 |= a.trim().equals("5");
        }
        if (!md5) {
          out.add("CHAP_A", "Reject");
          throw fail("no CHAP algorithm in common");
        }
        identifier = RANDOM.nextInt(256);
        challenge = new byte[16];
        RANDOM.nextBytes(challenge);
        out.add("CHAP_A", "5");
        out.add("CHAP_I", Integer.toString(identifier));
        out.add("CHAP_C", "0x" + HexFormat.of().formatHex(challenge));
        state = 2;
      }
      case "CHAP_N" -> {
        if (state != 2 || !value.equals(credentials.user())) {
          throw fail("unknown CHAP name");
        }
        pendingName = true;
      }
      case "CHAP_R" -> {
        if (state != 2 || !pendingName) {
          throw fail("CHAP_R out of order");
        }
        byte[] expected = md5(identifier, credentials.secret(), challenge);
        if (!MessageDigest.isEqual(expected, binary(value))) {
          throw fail("CHAP response does not match");
        }
        verified = true;
      }
      case "CHAP_I" -> {
        try {
          mutualId = Integer.parseInt(value);
        } catch (NumberFormatException e) {
          throw fail("bad CHAP_I");
        }
        if (mutualId < 0 || mutualId > 255) {
          throw fail("bad CHAP_I");
        }
      }
      case "CHAP_C" -> mutualChallenge = binary(value);
      default -> throw fail("unexpected " + key);
    }
  }

  /**
   * Called once every key of a request was handled: with the response verified, answers the
   * initiator's challenge (mutual CHAP), which may have come after CHAP_R in the same request.
   */
  void endOfRequest(TextParameters out) throws LoginFailure {
    if (verified && state == 2) {
      finish(out);
    }
  }

  private boolean pendingName;
  private boolean verified;
  private int mutualId = -1;
  private byte[] mutualChallenge;

  private void finish(TextParameters out) throws LoginFailure {
    if (mutualChallenge != null && mutualId >= 0) {
      if (!credentials.mutual()) {
        throw fail("mutual CHAP asked for but not configured");
      }
      if (MessageDigest.isEqual(mutualChallenge, challenge)) {
        // RFC 1994 §5 / RFC 7143 §12.1.3: a reflected challenge is an attack.
        throw fail("initiator reflected our challenge");
      }
      out.add("CHAP_N", credentials.mutualUser());
      out.add(
          "CHAP_R",
          "0x"
              + HexFormat.of()
                  .formatHex(md5(mutualId, credentials.mutualSecret(), mutualChallenge)));
    } else if (credentials.mutual()) {
      throw fail("mutual CHAP is required");
    }
    state = 3;
  }

  private static LoginFailure fail(String why) {
    return new LoginFailure(LoginStatus.AUTHENTICATION_FAILURE, why);
  }

  private static byte[] md5(int id, String secret, byte[] challenge) {
    try {
      MessageDigest md = MessageDigest.getInstance("MD5");
      md.update((byte) id);
      md.update(secret.getBytes(StandardCharsets.UTF_8));
      md.update(challenge);
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required by every JDK", e);
    }
  }

  /** Decodes a binary value (§6.1: 0x hex or 0b base64). */
  private static byte[] binary(String value) throws LoginFailure {
    try {
      String v = value.toLowerCase(Locale.ROOT);
      if (v.startsWith("0x")) {
        String hex = value.substring(2);
        return HexFormat.of().parseHex(hex.length() % 2 == 1 ? "0" + hex : hex);
      }
      if (v.startsWith("0b")) {
        return Base64.getDecoder().decode(value.substring(2));
      }
    } catch (IllegalArgumentException e) {
      throw fail("malformed binary value");
    }
    throw fail("malformed binary value");
  }
}
