package dev.kiln.mgmt.auth;

import java.util.Locale;

/**
 * Rules a new password must meet. Length is what matters (NIST SP 800-63B): no composition rules,
 * but a minimum length, a sane maximum, and not the user's own name.
 *
 * @param minLength fewest characters
 */
public record PasswordPolicy(int minLength) {

  /** The longest password accepted, to bound hashing work. */
  public static final int MAX_LENGTH = 1024;

  /** Validates. */
  public PasswordPolicy {
    if (minLength < 8 || minLength > 128) {
      throw new IllegalArgumentException("minimum password length must be 8..128");
    }
  }

  /** Twelve characters at least. */
  public static PasswordPolicy defaults() {
    return new PasswordPolicy(12);
  }

  /** Throws {@link WeakPasswordException} naming the rule a password breaks. */
  public void check(String user, char[] password) throws WeakPasswordException {
    if (password.length < minLength) {
      throw new WeakPasswordException("password must have at least " + minLength + " characters");
    }
    if (password.length > MAX_LENGTH) {
      throw new WeakPasswordException("password must have at most " + MAX_LENGTH + " characters");
    }
    if (new String(password).toLowerCase(Locale.ROOT).contains(user.toLowerCase(Locale.ROOT))) {
      throw new WeakPasswordException("password must not contain the user name");
    }
  }
}
