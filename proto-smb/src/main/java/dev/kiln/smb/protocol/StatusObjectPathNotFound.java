package dev.kiln.smb.protocol;

/** STATUS_OBJECT_PATH_NOT_FOUND ([MS-ERREF] 2.3.1). */
public final class StatusObjectPathNotFound extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusObjectPathNotFound(String message) {
    super(NtStatus.OBJECT_PATH_NOT_FOUND, message);
  }
}
