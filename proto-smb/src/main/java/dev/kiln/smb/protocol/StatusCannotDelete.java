package dev.kiln.smb.protocol;

/** STATUS_CANNOT_DELETE ([MS-ERREF] 2.3.1). */
public final class StatusCannotDelete extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusCannotDelete(String message) {
    super(NtStatus.CANNOT_DELETE, message);
  }
}
