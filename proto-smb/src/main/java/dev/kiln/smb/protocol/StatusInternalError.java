package dev.kiln.smb.protocol;

/** STATUS_INTERNAL_ERROR ([MS-ERREF] 2.3.1). */
public final class StatusInternalError extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusInternalError(String message) {
    super(NtStatus.INTERNAL_ERROR, message);
  }
}
