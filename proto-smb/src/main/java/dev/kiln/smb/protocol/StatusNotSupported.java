package dev.kiln.smb.protocol;

/** STATUS_NOT_SUPPORTED ([MS-ERREF] 2.3.1). */
public final class StatusNotSupported extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusNotSupported(String message) {
    super(NtStatus.NOT_SUPPORTED, message);
  }
}
