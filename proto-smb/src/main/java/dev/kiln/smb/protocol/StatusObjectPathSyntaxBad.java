package dev.kiln.smb.protocol;

/** STATUS_OBJECT_PATH_SYNTAX_BAD ([MS-ERREF] 2.3.1). */
public final class StatusObjectPathSyntaxBad extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusObjectPathSyntaxBad(String message) {
    super(NtStatus.OBJECT_PATH_SYNTAX_BAD, message);
  }
}
