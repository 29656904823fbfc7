package dev.kiln.smb;

import dev.kiln.smb.auth.AuthExchange;
import dev.kiln.smb.auth.SpnegoAcceptor;
import dev.kiln.smb.state.SmbAuthenticator;

/** The server's logons through the {@code auth} package's SPNEGO/NTLMv2 acceptor. */
public final class SpnegoAuthentication implements SmbAuthenticator {

  private final SpnegoAcceptor acceptor;

  /** Logons through {@code acceptor}. */
  public SpnegoAuthentication(SpnegoAcceptor acceptor) {
    this.acceptor = acceptor;
  }

  @Override
  public byte[] negotiateToken() {
    return acceptor.negotiateToken();
  }

  @Override
  public AuthExchange begin(String remote) {
    return acceptor.newExchange(remote);
  }
}
