package dev.kiln.smb.protocol;

/** STATUS_INSUFFICIENT_RESOURCES ([MS-ERREF] 2.3.1). */
public final class StatusInsufficientResources extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusInsufficientResources(String message) {
    super(NtStatus.INSUFFICIENT_RESOURCES, message);
  }
}
