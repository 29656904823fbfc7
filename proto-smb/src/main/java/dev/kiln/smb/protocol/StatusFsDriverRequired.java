package dev.kiln.smb.protocol;

/** STATUS_FS_DRIVER_REQUIRED ([MS-ERREF] 2.3.1). */
public final class StatusFsDriverRequired extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusFsDriverRequired(String message) {
    super(NtStatus.FS_DRIVER_REQUIRED, message);
  }
}
