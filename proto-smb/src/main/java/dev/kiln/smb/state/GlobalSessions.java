package dev.kiln.smb.state;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's GlobalSessionTable ([MS-SMB2] 3.3.1.5): every established session with the
 * connection it lives on, so that a SESSION_SETUP with PreviousSessionId on another connection can
 * end it (3.3.5.5.3).
 */
public final class GlobalSessions {

  private record Entry(Session session, ConnectionState conn) {}

  private final Map<Long, Entry> sessions = new ConcurrentHashMap<>();

  /** Records an established session of {@code conn}. */
  public void add(Session session, ConnectionState conn) {
    sessions.put(session.id(), new Entry(session, conn));
  }

  /** Forgets a session (logoff, disconnect). */
  public void remove(Session session) {
    sessions.computeIfPresent(session.id(), (id, e) -> e.session() == session ? null : e);
  }

  /**
   * Takes the session {@code id} away from its connection, if it is still there; the caller then
   * ends it.
   */
  public Optional<Session> take(long id) {
    Entry e = sessions.remove(id);
    if (e == null || !e.conn().sessions().remove(id, e.session())) {
      return Optional.empty();
    }
    return Optional.of(e.session());
  }

  /** The session {@code id}, if established and still on its connection. */
  public Optional<Session> find(long id) {
    Entry e = sessions.get(id);
    return e == null ? Optional.empty() : Optional.of(e.session());
  }

  /** The connection the established session {@code id} lives on, if any. */
  public Optional<ConnectionState> connectionOf(long id) {
    Entry e = sessions.get(id);
    return e == null ? Optional.empty() : Optional.of(e.conn());
  }

  /** The number of sessions (for leak checks). */
  public int size() {
    return sessions.size();
  }
}
