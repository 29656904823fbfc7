package dev.kiln.smb.auth;

/** The logon was refused: STATUS_LOGON_FAILURE on the wire; the message is for the log only. */
public final class LogonFailedException extends Exception {

  private static final long serialVersionUID = 1L;

  private final byte[] responseToken;

  /** A refusal for the given reason. */
  public LogonFailedException(String reason) {
    this(reason, new byte[0]);
  }

  /** A refusal with the security buffer to send along (a SPNEGO reject, say). */
  public LogonFailedException(String reason, byte[] responseToken) {
    super(reason);
    this.responseToken = responseToken.clone();
  }

  /** The security buffer for the failing SESSION_SETUP response; empty when there is none. */
  public byte[] responseToken() {
    return responseToken.clone();
  }
}
