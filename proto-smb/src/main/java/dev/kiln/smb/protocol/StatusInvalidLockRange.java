package dev.kiln.smb.protocol;

/** STATUS_INVALID_LOCK_RANGE ([MS-ERREF] 2.3.1). */
public final class StatusInvalidLockRange extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusInvalidLockRange(String message) {
    super(NtStatus.INVALID_LOCK_RANGE, message);
  }
}
