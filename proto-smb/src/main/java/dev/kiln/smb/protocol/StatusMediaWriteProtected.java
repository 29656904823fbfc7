package dev.kiln.smb.protocol;

/** STATUS_MEDIA_WRITE_PROTECTED ([MS-ERREF] 2.3.1). */
public final class StatusMediaWriteProtected extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusMediaWriteProtected(String message) {
    super(NtStatus.MEDIA_WRITE_PROTECTED, message);
  }
}
