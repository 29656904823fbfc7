package dev.kiln.smb.protocol;

/** STATUS_NOT_A_DIRECTORY ([MS-ERREF] 2.3.1). */
public final class StatusNotADirectory extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusNotADirectory(String message) {
    super(NtStatus.NOT_A_DIRECTORY, message);
  }
}
