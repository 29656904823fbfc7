package dev.kiln.smb.protocol;

/** STATUS_BAD_NETWORK_NAME ([MS-ERREF] 2.3.1). */
public final class StatusBadNetworkName extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusBadNetworkName(String message) {
    super(NtStatus.BAD_NETWORK_NAME, message);
  }
}
