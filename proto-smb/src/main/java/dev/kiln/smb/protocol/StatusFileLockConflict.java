package dev.kiln.smb.protocol;

/** STATUS_FILE_LOCK_CONFLICT ([MS-ERREF] 2.3.1). */
public final class StatusFileLockConflict extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusFileLockConflict(String message) {
    super(NtStatus.FILE_LOCK_CONFLICT, message);
  }
}
