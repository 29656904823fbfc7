package dev.kiln.smb.protocol;

/** STATUS_INVALID_INFO_CLASS ([MS-ERREF] 2.3.1). */
public final class StatusInvalidInfoClass extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusInvalidInfoClass(String message) {
    super(NtStatus.INVALID_INFO_CLASS, message);
  }
}
