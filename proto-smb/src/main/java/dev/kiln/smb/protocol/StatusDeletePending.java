package dev.kiln.smb.protocol;

/** STATUS_DELETE_PENDING ([MS-ERREF] 2.3.1). */
public final class StatusDeletePending extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusDeletePending(String message) {
    super(NtStatus.DELETE_PENDING, message);
  }
}
