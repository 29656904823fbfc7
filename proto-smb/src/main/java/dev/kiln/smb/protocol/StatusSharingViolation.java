package dev.kiln.smb.protocol;

/** STATUS_SHARING_VIOLATION ([MS-ERREF] 2.3.1). */
public final class StatusSharingViolation extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusSharingViolation(String message) {
    super(NtStatus.SHARING_VIOLATION, message);
  }
}
