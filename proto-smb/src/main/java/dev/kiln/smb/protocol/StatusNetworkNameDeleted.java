package dev.kiln.smb.protocol;

/** STATUS_NETWORK_NAME_DELETED ([MS-ERREF] 2.3.1). */
public final class StatusNetworkNameDeleted extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusNetworkNameDeleted(String message) {
    super(NtStatus.NETWORK_NAME_DELETED, message);
  }
}
