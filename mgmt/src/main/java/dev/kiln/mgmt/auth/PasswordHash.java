package dev.kiln.mgmt.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted, slow password hash: PBKDF2-HMAC-SHA256, stored as {@code
 * pbkdf2-sha256$iterations$salt$hash} (Base64). The iteration count travels with the hash so it can
 * be raised later without invalidating stored credentials.
 *
 * @param iterations PBKDF2 iterations
 * @param salt random salt
 * @param hash derived key
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {

  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
  public static final int DEFAULT_ITERATIONS = 600_000;

  private static final String SCHEME = "pbkdf2-sha256";

  /** Hashes a password with a fresh random salt. */
  public static PasswordHash create(char[] password, SecureRandom random, int iterations) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    return new PasswordHash(iterations, salt, derive(password, salt, iterations));
  }

  /** Whether the password matches, compared in constant time. */
  public boolean matches(char[] password) {
    return MessageDigest.isEqual(hash, derive(password, salt, iterations));
  }

  /** The stored form. */
  public String encode() {
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME
        + "$"
        + iterations
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(hash);
  }

  /** Parses the stored form; rejects anything else with a clear message. */
  public static PasswordHash decode(String text) {
    String[] parts = text.strip().split("\\$");
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      throw new IllegalArgumentException("not a " + SCHEME + " password hash");
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      if (iterations < 1) {
        throw new IllegalArgumentException("iterations must be positive");
      }
      Base64.Decoder b64 = Base64.getDecoder();
      return new PasswordHash(iterations, b64.decode(parts[2]), b64.decode(parts[3]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed password hash: " + e.getMessage(), e);
    }
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}
