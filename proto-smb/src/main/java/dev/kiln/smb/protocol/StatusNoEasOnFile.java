package dev.kiln.smb.protocol;

/** STATUS_NO_EAS_ON_FILE ([MS-ERREF] 2.3.1). */
public final class StatusNoEasOnFile extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusNoEasOnFile(String message) {
    super(NtStatus.NO_EAS_ON_FILE, message);
  }
}
