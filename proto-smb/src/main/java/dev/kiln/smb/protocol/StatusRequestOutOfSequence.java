package dev.kiln.smb.protocol;

/** STATUS_REQUEST_OUT_OF_SEQUENCE ([MS-ERREF] 2.3.1). */
public final class StatusRequestOutOfSequence extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusRequestOutOfSequence(String message) {
    super(NtStatus.REQUEST_OUT_OF_SEQUENCE, message);
  }
}
