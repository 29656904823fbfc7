package dev.kiln.smb.protocol;

/** STATUS_LOGON_FAILURE ([MS-ERREF] 2.3.1). */
public final class StatusLogonFailure extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusLogonFailure(String message) {
    super(NtStatus.LOGON_FAILURE, message);
  }
}
