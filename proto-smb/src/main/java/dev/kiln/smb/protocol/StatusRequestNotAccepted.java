package dev.kiln.smb.protocol;

/** STATUS_REQUEST_NOT_ACCEPTED ([MS-ERREF] 2.3.1). */
public final class StatusRequestNotAccepted extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusRequestNotAccepted(String message) {
    super(NtStatus.REQUEST_NOT_ACCEPTED, message);
  }
}
