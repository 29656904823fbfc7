package dev.kiln.smb.protocol;

/** STATUS_INFO_LENGTH_MISMATCH ([MS-ERREF] 2.3.1). */
public final class StatusInfoLengthMismatch extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusInfoLengthMismatch(String message) {
    super(NtStatus.INFO_LENGTH_MISMATCH, message);
  }
}
