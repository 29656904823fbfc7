package dev.kiln.smb.protocol;

/** STATUS_DIRECTORY_NOT_EMPTY ([MS-ERREF] 2.3.1). */
public final class StatusDirectoryNotEmpty extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusDirectoryNotEmpty(String message) {
    super(NtStatus.DIRECTORY_NOT_EMPTY, message);
  }
}
