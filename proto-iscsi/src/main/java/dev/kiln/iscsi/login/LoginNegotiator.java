package dev.kiln.iscsi.login;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Answers the initiator's operational keys (RFC 7143 §6.2 and §13) and accumulates the outcome.
 * Each key is answered once per login; list keys take the initiator's first acceptable choice;
 * numeric keys take the minimum or maximum the RFC prescribes; boolean keys follow their OR/AND
 * rule. Unknown keys are answered NotUnderstood (§6.2).
 */
public final class LoginNegotiator {

  private final TargetLimits limits;
  private final Set<String> answered = new HashSet<>();
  private boolean headerDigest;
  private boolean dataDigest;
  private int initiatorMrdsl = 8192;
  private int maxBurst = 262144;
  private int firstBurst = 65536;
  private boolean initialR2T = true;
  private boolean immediateData = true;
  private int maxOutstandingR2T = 1;
  private int maxConnections = 1;
  private int time2Wait = 2;
  private int time2Retain = 20;

  /** A negotiator bounded by {@code limits}. */
  public LoginNegotiator(TargetLimits limits) {
    this.limits = limits;
  }

  /**
   * Answers one operational key into {@code response}; returns false if the key is not operational
   * (the caller handles security and declarative keys).
   *
   * @throws NegotiationException on a value outside the key's range or a repeated key
   */
  public boolean offer(String key, String value, TextParameters response)
      throws NegotiationException {
    switch (key) {
      case "HeaderDigest" -> {
        once(key);
        headerDigest = chooseDigest(key, value, response);
      }
      case "DataDigest" -> {
        once(key);
        dataDigest = chooseDigest(key, value, response);
      }
      case "MaxRecvDataSegmentLength" -> {
        // Declarative (§13.12): the initiator's receive limit; our own is declared separately.
        initiatorMrdsl = number(key, value, 512, (1 << 24) - 1);
      }
      case "MaxBurstLength" -> {
        once(key);
        maxBurst = Math.min(number(key, value, 512, (1 << 24) - 1), limits.maxBurst());
        response.add(key, Integer.toString(maxBurst));
      }
      case "FirstBurstLength" -> {
        once(key);
        firstBurst = Math.min(number(key, value, 512, (1 << 24) - 1), limits.firstBurst());
        response.add(key, Integer.toString(firstBurst));
      }
      case "MaxOutstandingR2T" -> {
        once(key);
        maxOutstandingR2T = Math.min(number(key, value, 1, 65535), limits.maxOutstandingR2T());
        response.add(key, Integer.toString(maxOutstandingR2T));
      }
      case "MaxConnections" -> {
        once(key);
        maxConnections = Math.min(number(key, value, 1, 65535), limits.maxConnections());
        response.add(key, Integer.toString(maxConnections));
      }
      case "DefaultTime2Wait" -> {
        once(key);
        time2Wait = Math.max(number(key, value, 0, 3600), 2);
        response.add(key, Integer.toString(time2Wait));
      }
      case "DefaultTime2Retain" -> {
        once(key);
        // ErrorRecoveryLevel 0 keeps no connection state for reassignment.
        time2Retain = Math.min(number(key, value, 0, 3600), 0);
        response.add(key, Integer.toString(time2Retain));
      }
      case "InitialR2T" -> {
        once(key);
        // OR (§13.10): we do not require an R2T first, so the initiator's value stands.
        initialR2T = bool(key, value);
        response.add(key, yesNo(initialR2T));
      }
      case "ImmediateData" -> {
        once(key);
        // AND (§13.11): we accept immediate data, so the initiator's value stands.
        immediateData = bool(key, value);
        response.add(key, yesNo(immediateData));
      }
      case "DataPDUInOrder", "DataSequenceInOrder" -> {
        once(key);
        bool(key, value);
        // OR: we need data in order, so the result is Yes whatever was offered.
        response.add(key, "Yes");
      }
      case "ErrorRecoveryLevel" -> {
        once(key);
        number(key, value, 0, 2);
        response.add(key, "0");
      }
      case "IFMarker", "OFMarker" -> {
        once(key);
        // Markers were removed by RFC 7143 (§13.25); older initiators still ask (AND: No).
        response.add(key, "No");
      }
      case "IFMarkInt", "OFMarkInt" -> {
        once(key);
        response.add(key, "Irrelevant");
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  /** The parameters negotiated so far, RFC defaults for keys not offered. */
  public SessionParameters result() {
    return new SessionParameters(
        headerDigest,
        dataDigest,
        initiatorMrdsl,
        maxBurst,
        Math.min(firstBurst, maxBurst),
        initialR2T,
        immediateData,
        maxOutstandingR2T,
        maxConnections,
        time2Wait,
        time2Retain);
  }

  private void once(String key) throws NegotiationException {
    if (!answered.add(key)) {
      // §6.2.1: renegotiating a key in the same login is a protocol error.
      throw new NegotiationException(key + " offered twice");
    }
  }

  private static boolean chooseDigest(String key, String value, TextParameters response) {
    for (String choice : value.split(",")) {
      String c = choice.trim().toUpperCase(Locale.ROOT);
      if (c.equals("CRC32C") || c.equals("NONE")) {
        boolean on = c.equals("CRC32C");
        response.add(key, on ? "CRC32C" : "None");
        return on;
      }
    }
    response.add(key, "Reject");
    return false;
  }

  private static int number(String key, String value, int min, int max)
      throws NegotiationException {
    try {
      long v =
          value.startsWith("0x") || value.startsWith("0X")
              ? Long.parseLong(value.substring(2), 16)
              : Long.parseLong(value);
      if (v < min || v > max) {
        throw new NegotiationException(key + "=" + value + " is outside " + min + ".." + max);
      }
      return (int) v;
    } catch (NumberFormatException e) {
      throw new NegotiationException(key + "=" + value + " is not a number");
    }
  }

  private static boolean bool(String key, String value) throws NegotiationException {
    return switch (value) {
      case "Yes" -> true;
      case "No" -> false;
      default -> throw new NegotiationException(key + "=" + value + " is not Yes or No");
    };
  }

  private static String yesNo(boolean b) {
    return b ? "Yes" : "No";
  }
}
