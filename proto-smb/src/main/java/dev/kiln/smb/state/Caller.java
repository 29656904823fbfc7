package dev.kiln.smb.state;

import java.util.List;

/**
 * Whom a session acts for, for permission checks and file ownership.
 *
 * @param name user name ("" for guest and anonymous)
 * @param uid user id
 * @param gids group ids, primary first
 * @param superuser whether permissions do not apply
 * @param readOnly whether the user's role allows reads only
 */
public record Caller(String name, long uid, List<Long> gids, boolean superuser, boolean readOnly) {

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

  /** The primary group. */
  public long gid() {
    return gids.isEmpty() ? uid : gids.get(0);
  }
}
