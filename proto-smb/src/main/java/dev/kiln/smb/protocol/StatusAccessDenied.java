package dev.kiln.smb.protocol;

/** STATUS_ACCESS_DENIED ([MS-ERREF] 2.3.1). */
public final class StatusAccessDenied extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusAccessDenied(String message) {
    super(NtStatus.ACCESS_DENIED, message);
  }
}
