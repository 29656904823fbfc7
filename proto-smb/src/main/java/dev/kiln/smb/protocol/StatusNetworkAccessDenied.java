package dev.kiln.smb.protocol;

/** STATUS_NETWORK_ACCESS_DENIED ([MS-ERREF] 2.3.1). */
public final class StatusNetworkAccessDenied extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusNetworkAccessDenied(String message) {
    super(NtStatus.NETWORK_ACCESS_DENIED, message);
  }
}
