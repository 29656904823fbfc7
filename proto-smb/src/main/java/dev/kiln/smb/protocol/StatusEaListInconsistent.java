package dev.kiln.smb.protocol;

/** STATUS_EA_LIST_INCONSISTENT ([MS-ERREF] 2.3.1). */
public final class StatusEaListInconsistent extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusEaListInconsistent(String message) {
    super(NtStatus.EA_LIST_INCONSISTENT, message);
  }
}
