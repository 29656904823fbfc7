package dev.kiln.engine.api.acl;

/**
 * Who asks for access when an ACL is evaluated: the caller's uid, groups and (for SMB callers)
 * further SIDs. Each front end adapts its own credentials (an SMB session's user, an SFTP login, an
 * NFS AUTH_SYS credential) to this.
 */
public interface AclSubject {

  /** The caller's numeric user id. */
  long uid();

  /** Whether the caller is a member of group {@code gid} (primary or supplementary). */
  boolean inGroup(long gid);

  /** Whether the caller holds the Windows SID {@code sid} (string form); none by default. */
  default boolean hasSid(String sid) {
    return false;
  }
}
