package dev.kiln.iscsi.target;

import java.util.Objects;

/**
 * CHAP secrets of a target (RFC 7143 §12.1.3): the name and secret the initiator must prove, and
 * optionally the target's own name and secret for mutual CHAP.
 *
 * @param user the initiator's CHAP name
 * @param secret the initiator's secret (at least 12 bytes, as §12.1.3 advises)
 * @param mutualUser the target's CHAP name for mutual authentication, or null
 * @param mutualSecret the target's secret for mutual authentication, or null
 */
public record ChapCredentials(String user, String secret, String mutualUser, String mutualSecret) {

  /** Validates the secrets. */
  public ChapCredentials {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(secret, "secret");
    if (secret.length() < 12 || secret.length() > 255) {
      throw new IllegalArgumentException("CHAP secrets are 12 to 255 characters");
    }
    if ((mutualUser == null) != (mutualSecret == null)) {
      throw new IllegalArgumentException("mutual CHAP needs both a name and a secret");
    }
    if (mutualSecret != null && (mutualSecret.length() < 12 || mutualSecret.equals(secret))) {
      throw new IllegalArgumentException(
          "the mutual secret must be 12 or more characters and differ from the initiator's");
    }
  }

  /** True when the target also proves itself to the initiator. */
  public boolean mutual() {
    return mutualUser != null;
  }
}
