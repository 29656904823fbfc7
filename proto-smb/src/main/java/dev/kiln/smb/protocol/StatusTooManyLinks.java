package dev.kiln.smb.protocol;

/** STATUS_TOO_MANY_LINKS ([MS-ERREF] 2.3.1). */
public final class StatusTooManyLinks extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusTooManyLinks(String message) {
    super(NtStatus.TOO_MANY_LINKS, message);
  }
}
