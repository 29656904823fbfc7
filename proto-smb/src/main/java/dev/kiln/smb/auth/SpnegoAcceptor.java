package dev.kiln.smb.auth;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * The SMB server's authentication entry point: the SPNEGO token for the NEGOTIATE response and one
 * {@link AuthExchange} per session setup. Accepts SPNEGO (RFC 4178, [MS-SPNG]) carrying NTLMSSP and
 * raw NTLMSSP tokens; verifies NTLMv2 ([MS-NLMP]) against {@link SmbAccounts}. Thread-safe.
 */
public final class SpnegoAcceptor {

  private final SmbAccounts accounts;
  private final NtlmTargetNames names;
  private final Clock clock;
  private final SecureRandom random;
  private final byte[] negotiateToken = SpnegoTokens.negTokenInit2();

  /**
   * An acceptor for the given accounts.
   *
   * @param accounts the user directory
   * @param names the names reported in the NTLM CHALLENGE
   * @param clock time source for the CHALLENGE timestamp
   * @param random source of server challenges
   */
  public SpnegoAcceptor(
      SmbAccounts accounts, NtlmTargetNames names, Clock clock, SecureRandom random) {
    this.accounts = accounts;
    this.names = names;
    this.clock = clock;
    this.random = random;
  }

  /** The NegTokenInit2 for the SMB2 NEGOTIATE response's security buffer ([MS-SMB2] 3.3.5.4). */
  public byte[] negotiateToken() {
    return negotiateToken.clone();
  }

  /** A new exchange for one session setup from {@code remoteAddress}. */
  public AuthExchange newExchange(String remoteAddress) {
    return new SpnegoExchange(
        new NtlmServer(accounts, names, clock, random, remoteAddress), negotiateToken);
  }
}
