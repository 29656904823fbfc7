package dev.kiln.cli.remote;

import java.io.InputStream;
import java.util.Optional;

/**
 * The identity the CLI acts as when the daemon runs it in-process for a logged-in SSH user: the
 * local API endpoint, a short-lived token of that user (so the API applies the user's role and
 * audits the user's name), and the session's standard input. Bound with {@link #CURRENT} around one
 * command line; unbound, the CLI uses {@code kiln login}'s stored credentials as usual.
 *
 * @param endpoint the local API
 * @param user the user's name
 * @param token a session token of the user
 * @param stdin the SSH channel's input (passwords are read from it, never from the daemon's)
 */
public record ActingUser(Endpoint endpoint, String user, String token, InputStream stdin) {

  /** The identity of the command line running on this thread, if the daemon bound one. */
  public static final ScopedValue<ActingUser> CURRENT = ScopedValue.newInstance();

  /** The bound identity, if any. */
  public static Optional<ActingUser> current() {
    return CURRENT.isBound() ? Optional.of(CURRENT.get()) : Optional.empty();
  }
}
