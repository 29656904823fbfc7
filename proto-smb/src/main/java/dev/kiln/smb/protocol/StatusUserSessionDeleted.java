package dev.kiln.smb.protocol;

/** STATUS_USER_SESSION_DELETED ([MS-ERREF] 2.3.1). */
public final class StatusUserSessionDeleted extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusUserSessionDeleted(String message) {
    super(NtStatus.USER_SESSION_DELETED, message);
  }
}
