package dev.kiln.smb.protocol;

/** STATUS_LOCK_NOT_GRANTED ([MS-ERREF] 2.3.1). */
public final class StatusLockNotGranted extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusLockNotGranted(String message) {
    super(NtStatus.LOCK_NOT_GRANTED, message);
  }
}
