package dev.kiln.smb.protocol;

/** STATUS_OBJECT_NAME_COLLISION ([MS-ERREF] 2.3.1). */
public final class StatusObjectNameCollision extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusObjectNameCollision(String message) {
    super(NtStatus.OBJECT_NAME_COLLISION, message);
  }
}
