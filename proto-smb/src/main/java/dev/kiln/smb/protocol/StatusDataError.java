package dev.kiln.smb.protocol;

/** STATUS_DATA_ERROR ([MS-ERREF] 2.3.1). */
public final class StatusDataError extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusDataError(String message) {
    super(NtStatus.DATA_ERROR, message);
  }
}
