package dev.kiln.smb.protocol;

/** STATUS_END_OF_FILE ([MS-ERREF] 2.3.1). */
public final class StatusEndOfFile extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusEndOfFile(String message) {
    super(NtStatus.END_OF_FILE, message);
  }
}
