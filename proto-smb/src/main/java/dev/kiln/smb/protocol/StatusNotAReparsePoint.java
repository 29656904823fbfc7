package dev.kiln.smb.protocol;

/** STATUS_NOT_A_REPARSE_POINT ([MS-ERREF] 2.3.1). */
public final class StatusNotAReparsePoint extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusNotAReparsePoint(String message) {
    super(NtStatus.NOT_A_REPARSE_POINT, message);
  }
}
