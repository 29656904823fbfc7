package dev.kiln.ssh.auth;

import java.util.List;

/**
 * A logged-in SSH user as the front end needs it: who it is for file ownership and permission
 * checks, and how far it may touch the datasets.
 *
 * @param name login name
 * @param uid numeric user id for file ownership
 * @param gids numeric group ids; the first is the primary group new files get
 * @param files what the user may do with files in the datasets
 */
public record SshUser(String name, long uid, List<Long> gids, FileAccess files) {

  /** Copies the group list; a user without groups gets its uid as its group (user-private). */
  public SshUser {
    gids = gids.isEmpty() ? List.of(uid) : List.copyOf(gids);
  }

  /** The group new files and directories are given. */
  public long primaryGid() {
    return gids.getFirst();
  }

  /** How far a user's role lets it reach into the datasets over SFTP and SCP. */
  public enum FileAccess {
    /** No file access at all (the shell may still work). */
    NONE,
    /** Reads, subject to the files' permissions; every change is refused. */
    READ_ONLY,
    /** Reads and writes, subject to the files' permissions. */
    READ_WRITE,
    /** Like root on a file server: permission bits and ACLs do not apply. */
    SUPERUSER;

    /** Whether any change to files is allowed. */
    public boolean mayWrite() {
      return this == READ_WRITE || this == SUPERUSER;
    }
  }
}
