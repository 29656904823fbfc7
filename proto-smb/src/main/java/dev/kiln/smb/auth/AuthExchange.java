package dev.kiln.smb.auth;

/**
 * One SPNEGO/NTLMv2 exchange, fed the security buffer of each SESSION_SETUP request in turn
 * ([MS-SMB2] 3.3.5.5.3).
 */
public interface AuthExchange {

  /**
   * Consumes one client token.
   *
   * @throws LogonFailedException when the credentials are wrong, the user is unknown or locked
   *     (STATUS_LOGON_FAILURE), or the token is malformed (STATUS_INVALID_PARAMETER is not used:
   *     the specification answers a bad token with a logon failure too)
   */
  AuthStep accept(byte[] clientToken) throws LogonFailedException;
}
