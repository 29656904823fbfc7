package dev.kiln.smb.protocol;

/** STATUS_RANGE_NOT_LOCKED ([MS-ERREF] 2.3.1). */
public final class StatusRangeNotLocked extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusRangeNotLocked(String message) {
    super(NtStatus.RANGE_NOT_LOCKED, message);
  }
}
