package dev.kiln.smb.protocol;

/** STATUS_DISK_FULL ([MS-ERREF] 2.3.1). */
public final class StatusDiskFull extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusDiskFull(String message) {
    super(NtStatus.DISK_FULL, message);
  }
}
