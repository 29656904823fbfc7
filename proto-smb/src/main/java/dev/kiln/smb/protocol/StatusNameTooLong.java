package dev.kiln.smb.protocol;

/** STATUS_NAME_TOO_LONG ([MS-ERREF] 2.3.1). */
public final class StatusNameTooLong extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusNameTooLong(String message) {
    super(NtStatus.NAME_TOO_LONG, message);
  }
}
