package dev.kiln.smb.security;

/**
 * A malformed or unsupported security descriptor, ACL, ACE or SID (STATUS_INVALID_SECURITY_DESCR).
 */
public final class InvalidSecurityDescriptorException extends Exception {

  private static final long serialVersionUID = 1L;

  /** A refusal naming what is wrong. */
  public InvalidSecurityDescriptorException(String reason) {
    super(reason);
  }
}
