package dev.kiln.engine.api.acl;

import dev.kiln.engine.api.fs.Attributes;

/**
 * The access an ACL grants a caller on one file, for every front end (SMB now; NFS and SFTP can
 * move to it): [MS-DTYP] 2.5.3.2 AccessCheck, which for the allow/deny entries Kiln stores is also
 * NFSv4's algorithm (RFC 8881 §6.2.1).
 *
 * <p>Entries are read in order; the first entry that names a bit and applies to the caller decides
 * it (ALLOW grants, DENY refuses); bits no entry names are refused. INHERIT_ONLY entries and audit
 * or alarm entries do not apply. The owner always holds READ_ACL and WRITE_ACL ([MS-DTYP] 2.5.3.2:
 * the owner's implicit READ_CONTROL and WRITE_DAC, so a DACL can always be repaired by its owner).
 * A NULL DACL is stored as one everyone@ entry allowing everything, so it grants everything; an
 * empty ACL grants nothing but the owner's implicit rights.
 *
 * <p>A file without an ACL of its own reports {@link Acl#fromMode(int)}; for it the POSIX rules
 * apply instead: only the caller's class (owner, group, others) counts, so the owner of a mode 0070
 * file cannot write it although the group can. Write permission on a directory with search
 * permission is DELETE_CHILD (unlink needs both). Deleting a file is decided by the caller with its
 * parent directory ({@link #mayDelete}). Privileges (backup, restore, take ownership) and
 * superusers are the caller's business, not this class's.
 */
public final class AccessCheck {

  private static final int ALWAYS =
      AclMask.READ_ATTRIBUTES | AclMask.READ_ACL | AclMask.SYNCHRONIZE;
  private static final int OWNER_IMPLICIT = AclMask.READ_ACL | AclMask.WRITE_ACL;

  private AccessCheck() {}

  /**
   * Every right {@code acl} grants {@code who} on the file described by {@code attrs} (its owner,
   * group and mode): the MAXIMUM_ALLOWED evaluation, from which any desired access is checked.
   */
  public static int maximal(Acl acl, Attributes attrs, AclSubject who) {
    if (acl.equals(Acl.fromMode(attrs.mode()))) {
      return posix(attrs, who);
    }
    int allowed = who.uid() == attrs.uid() ? OWNER_IMPLICIT : 0;
    int denied = 0;
    for (AclEntry e : acl.entries()) {
      if (e.flags().contains(AclFlag.INHERIT_ONLY) || !matches(e.principal(), attrs, who)) {
        continue;
      }
      if (e.type() == AclType.ALLOW) {
        allowed |= e.mask() & ~denied;
      } else if (e.type() == AclType.DENY) {
        denied |= e.mask() & ~allowed;
      }
    }
    return allowed;
  }

  /** Whether {@code acl} grants {@code who} every bit of {@code wanted}. */
  public static boolean allows(Acl acl, Attributes attrs, AclSubject who, int wanted) {
    return (maximal(acl, attrs, who) & wanted) == wanted;
  }

  /**
   * Whether a caller with rights {@code fileRights} on a file and {@code parentRights} on its
   * directory may delete the file: DELETE on the file itself, or DELETE_CHILD on the directory
   * ([MS-FSA] 2.1.5.1.2.1, RFC 8881 §6.2.1.3.2).
   */
  public static boolean mayDelete(int fileRights, int parentRights) {
    return (fileRights & AclMask.DELETE) != 0 || (parentRights & AclMask.DELETE_CHILD) != 0;
  }

  private static int posix(Attributes attrs, AclSubject who) {
    boolean owner = who.uid() == attrs.uid();
    int shift = owner ? 6 : who.inGroup(attrs.gid()) ? 3 : 0;
    int rwx = (attrs.mode() >> shift) & 7;
    int m = ALWAYS;
    if ((rwx & 4) != 0) {
      m |= AclMask.READ_DATA | AclMask.READ_NAMED_ATTRS;
    }
    if ((rwx & 2) != 0) {
      m |=
          AclMask.WRITE_DATA
              | AclMask.APPEND_DATA
              | AclMask.WRITE_NAMED_ATTRS
              | AclMask.WRITE_ATTRIBUTES;
      if (attrs.isDirectory() && (rwx & 1) != 0) {
        m |= AclMask.DELETE_CHILD;
      }
    }
    if ((rwx & 1) != 0) {
      m |= AclMask.EXECUTE;
    }
    if (owner) {
      m |= AclMask.WRITE_ATTRIBUTES | AclMask.WRITE_ACL | AclMask.WRITE_OWNER;
    }
    return m;
  }

  private static boolean matches(Principal p, Attributes attrs, AclSubject who) {
    return switch (p) {
      case Principal.Owner o -> attrs.uid() == who.uid();
      case Principal.OwningGroup g -> who.inGroup(attrs.gid());
      case Principal.Everyone e -> true;
      case Principal.User u -> u.uid() == who.uid();
      case Principal.Group g -> who.inGroup(g.gid());
      case Principal.Sid s -> who.hasSid(s.sid());
    };
  }
}
