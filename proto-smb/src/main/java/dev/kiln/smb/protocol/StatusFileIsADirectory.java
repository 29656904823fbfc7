package dev.kiln.smb.protocol;

/** STATUS_FILE_IS_A_DIRECTORY ([MS-ERREF] 2.3.1). */
public final class StatusFileIsADirectory extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusFileIsADirectory(String message) {
    super(NtStatus.FILE_IS_A_DIRECTORY, message);
  }
}
