package dev.kiln.smb.protocol;

/** STATUS_QUOTA_EXCEEDED ([MS-ERREF] 2.3.1). */
public final class StatusQuotaExceeded extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusQuotaExceeded(String message) {
    super(NtStatus.QUOTA_EXCEEDED, message);
  }
}
