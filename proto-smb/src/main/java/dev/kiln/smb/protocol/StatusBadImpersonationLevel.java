package dev.kiln.smb.protocol;

/** STATUS_BAD_IMPERSONATION_LEVEL ([MS-ERREF] 2.3.1). */
public final class StatusBadImpersonationLevel extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusBadImpersonationLevel(String message) {
    super(NtStatus.BAD_IMPERSONATION_LEVEL, message);
  }
}
