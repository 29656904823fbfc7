package dev.kiln.smb.protocol;

/** STATUS_INVALID_VIEW_SIZE ([MS-ERREF] 2.3.1). */
public final class StatusInvalidViewSize extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusInvalidViewSize(String message) {
    super(NtStatus.INVALID_VIEW_SIZE, message);
  }
}
