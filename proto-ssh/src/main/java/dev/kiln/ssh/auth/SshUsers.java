package dev.kiln.ssh.auth;

import java.io.IOException;
import java.security.PublicKey;
import java.util.Optional;

/**
 * The management plane's users as the SSH service sees them. The daemon adapts the user directory
 * to it, so failed attempts count toward the same lockout as the API's.
 */
public interface SshUsers {

  /** The user when {@code password} is right and the account usable; empty otherwise. */
  Optional<SshUser> password(String user, char[] password) throws IOException;

  /**
   * The user when {@code key} is one of its authorized keys and the account usable; empty
   * otherwise.
   */
  Optional<SshUser> publicKey(String user, PublicKey key) throws IOException;
}
