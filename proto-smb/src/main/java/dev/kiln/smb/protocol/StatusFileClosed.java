package dev.kiln.smb.protocol;

/** STATUS_FILE_CLOSED ([MS-ERREF] 2.3.1). */
public final class StatusFileClosed extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusFileClosed(String message) {
    super(NtStatus.FILE_CLOSED, message);
  }
}
