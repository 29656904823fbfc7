package dev.kiln.smb.protocol;

/** STATUS_BUFFER_TOO_SMALL ([MS-ERREF] 2.3.1). */
public final class StatusBufferTooSmall extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusBufferTooSmall(String message) {
    super(NtStatus.BUFFER_TOO_SMALL, message);
  }
}
