package dev.kiln.smb.protocol;

/** STATUS_NO_SUCH_FILE ([MS-ERREF] 2.3.1). */
public final class StatusNoSuchFile extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusNoSuchFile(String message) {
    super(NtStatus.NO_SUCH_FILE, message);
  }
}
