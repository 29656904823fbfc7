package dev.kiln.smb.protocol;

/** STATUS_NOT_FOUND ([MS-ERREF] 2.3.1). */
public final class StatusNotFound extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusNotFound(String message) {
    super(NtStatus.NOT_FOUND, message);
  }
}
