package dev.kiln.smb.state;

import dev.kiln.engine.api.acl.AclSubject;
import java.util.List;

/**
 * Whom a session acts for, for permission checks and file ownership.
 *
 * @param name user name ("" for guest and anonymous)
 * @param uid user id
 * @param gids group ids, primary first
 * @param superuser whether mode bits do not apply (a stored ACL still does, see FileAccess)
 * @param readOnly whether the user's role allows reads only
 */
public record Caller(String name, long uid, List<Long> gids, boolean superuser, boolean readOnly)
    implements AclSubject {

  /** Authenticated Users ([MS-DTYP] 2.4.2.4): every caller but guests and anonymous. */
  static final String AUTHENTICATED_USERS = "S-1-5-11";

  /** BUILTIN\Administrators: the SID a superuser's ACL entries name. */
  static final String ADMINISTRATORS = "S-1-5-32-544";

  /** The nobody id guests act as. */
  public static final long NOBODY = 65_534;

  /** Copies the groups. */
  public Caller {
    gids = List.copyOf(gids);
  }

  /** The guest identity: nobody, never superuser. */
  public static Caller guest() {
    return new Caller("", NOBODY, List.of(NOBODY), false, false);
  }

  /** Whether the caller is in group {@code gid}. */
  @Override
  public boolean inGroup(long gid) {
    return gids.contains(gid);
  }

  /**
   * The well-known SIDs a caller holds beyond its uid and gids (which ACL entries name as uids and
   * gids): Authenticated Users for a named user, BUILTIN\Administrators for a superuser.
   */
  @Override
  public boolean hasSid(String sid) {
    return switch (sid) {
      case AUTHENTICATED_USERS -> !name.isEmpty();
      case ADMINISTRATORS -> superuser;
      default -> false;
    };
  }

  /** The primary group. */
  public long gid() {
    return gids.isEmpty() ? uid : gids.get(0);
  }
}
