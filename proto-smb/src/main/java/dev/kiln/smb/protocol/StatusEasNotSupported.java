package dev.kiln.smb.protocol;

/** STATUS_EAS_NOT_SUPPORTED ([MS-ERREF] 2.3.1). */
public final class StatusEasNotSupported extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusEasNotSupported(String message) {
    super(NtStatus.EAS_NOT_SUPPORTED, message);
  }
}
