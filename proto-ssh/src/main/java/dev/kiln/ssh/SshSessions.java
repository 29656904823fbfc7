package dev.kiln.ssh;

import dev.kiln.ssh.auth.SshUser;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.SessionContext;

/** The Kiln user a session authenticated as, kept on the session by the authenticators. */
public final class SshSessions {

  static final AttributeKey<SshUser> USER = new AttributeKey<>();

  private SshSessions() {}

  /** The user of an authenticated session; IllegalStateException before authentication. */
  public static SshUser user(SessionContext session) {
    SshUser u = session.getAttribute(USER);
    if (u == null) {
      throw new IllegalStateException("the session has not authenticated");
    }
    return u;
  }
}
