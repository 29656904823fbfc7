package dev.kiln.smb.protocol;

/** STATUS_FILE_TOO_LARGE ([MS-ERREF] 2.3.1). */
public final class StatusFileTooLarge extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusFileTooLarge(String message) {
    super(NtStatus.FILE_TOO_LARGE, message);
  }
}
