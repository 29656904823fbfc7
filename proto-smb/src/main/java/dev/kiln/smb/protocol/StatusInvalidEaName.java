package dev.kiln.smb.protocol;

/** STATUS_INVALID_EA_NAME ([MS-ERREF] 2.3.1). */
public final class StatusInvalidEaName extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusInvalidEaName(String message) {
    super(NtStatus.INVALID_EA_NAME, message);
  }
}
