package dev.kiln.smb.protocol;

/** STATUS_CANCELLED ([MS-ERREF] 2.3.1). */
public final class StatusCancelled extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusCancelled(String message) {
    super(NtStatus.CANCELLED, message);
  }
}
