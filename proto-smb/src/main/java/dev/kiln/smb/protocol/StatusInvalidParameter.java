package dev.kiln.smb.protocol;

/** STATUS_INVALID_PARAMETER ([MS-ERREF] 2.3.1). */
public final class StatusInvalidParameter extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusInvalidParameter(String message) {
    super(NtStatus.INVALID_PARAMETER, message);
  }
}
