package dev.kiln.mgmt.auth;

/** A password does not meet the policy. */
public final class WeakPasswordException extends Exception {

  /** Names the rule. */
  public WeakPasswordException(String message) {
    super(message);
  }
}
