package dev.kiln.smb.auth;

/** The logon was refused: STATUS_LOGON_FAILURE on the wire; the message is for the log only. */
public final class LogonFailedException extends Exception {

  private static final long serialVersionUID = 1L;

  /** A refusal for the given reason. */
  public LogonFailedException(String reason) {
    super(reason);
  }
}
