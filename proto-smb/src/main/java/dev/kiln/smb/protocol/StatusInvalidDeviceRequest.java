package dev.kiln.smb.protocol;

/** STATUS_INVALID_DEVICE_REQUEST ([MS-ERREF] 2.3.1). */
public final class StatusInvalidDeviceRequest extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusInvalidDeviceRequest(String message) {
    super(NtStatus.INVALID_DEVICE_REQUEST, message);
  }
}
