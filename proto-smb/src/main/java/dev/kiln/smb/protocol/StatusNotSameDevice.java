package dev.kiln.smb.protocol;

/** STATUS_NOT_SAME_DEVICE ([MS-ERREF] 2.3.1). */
public final class StatusNotSameDevice extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusNotSameDevice(String message) {
    super(NtStatus.NOT_SAME_DEVICE, message);
  }
}
