package dev.kiln.smb.auth;

/** The logon was refused: STATUS_LOGON_FAILURE on the wire; the message is for the log only. */
public final class LogonFailedException extends Exception {

  private static final long serialVersionUID = 1L;

  private final byte[] responseToken;
  private final boolean malformed;

  /** A refusal for the given reason. */
  public LogonFailedException(String reason) {
    this(reason, new byte[0]);
  }

  /** A refusal with the security buffer to send along (a SPNEGO reject, say). */
  public LogonFailedException(String reason, byte[] responseToken) {
    this(reason, responseToken, false);
  }

  private LogonFailedException(String reason, byte[] responseToken, boolean malformed) {
    super(reason);
    this.responseToken = responseToken.clone();
    this.malformed = malformed;
  }

  /**
   * A token that does not parse (a field outside the message, bad DER); SMB answers it with
   * STATUS_INVALID_PARAMETER rather than a logon failure, as Windows and Samba do.
   */
  public static LogonFailedException malformed(String reason, byte[] responseToken) {
    return new LogonFailedException(reason, responseToken, true);
  }

  /** The same refusal with another security buffer to send along. */
  public LogonFailedException withResponseToken(byte[] token) {
    return new LogonFailedException(getMessage(), token, malformed);
  }

  /** Whether the token did not parse (rather than failing to authenticate). */
  public boolean malformed() {
    return malformed;
  }

  /** The security buffer for the failing SESSION_SETUP response; empty when there is none. */
  public byte[] responseToken() {
    return responseToken.clone();
  }
}
