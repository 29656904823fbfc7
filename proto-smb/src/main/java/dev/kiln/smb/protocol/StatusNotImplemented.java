package dev.kiln.smb.protocol;

/** STATUS_NOT_IMPLEMENTED ([MS-ERREF] 2.3.1). */
public final class StatusNotImplemented extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusNotImplemented(String message) {
    super(NtStatus.NOT_IMPLEMENTED, message);
  }
}
