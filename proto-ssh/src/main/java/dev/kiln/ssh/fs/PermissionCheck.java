package dev.kiln.ssh.fs;

import dev.kiln.engine.api.acl.Acl;
import dev.kiln.engine.api.acl.AclEntry;
import dev.kiln.engine.api.acl.AclFlag;
import dev.kiln.engine.api.acl.AclMask;
import dev.kiln.engine.api.acl.AclType;
import dev.kiln.engine.api.acl.Principal;
import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.ssh.auth.SshUser;
import java.io.IOException;
import java.nio.file.AccessDeniedException;

/**
 * Evaluates an inode's ACL for a user, the check the engine leaves to front ends. Files without a
 * stored ACL report one derived from their mode, so mode bits are covered by the same code.
 *
 * <p>The algorithm is NFSv4's (RFC 7530 §6.2.1): entries are read in order; an entry whose
 * principal matches decides the requested bits it names that are still undecided (ALLOW grants,
 * DENY refuses); bits no entry decided are refused. INHERIT_ONLY entries do not apply to the object
 * itself.
 */
final class PermissionCheck {

  /** Read data, or list a directory. */
  static final int READ = AclMask.READ_DATA;

  /** Write data, or add entries to a directory. */
  static final int WRITE = AclMask.WRITE_DATA;

  /** Search a directory (or execute a file). */
  static final int EXECUTE = AclMask.EXECUTE;

  private PermissionCheck() {}

  /** Whether {@code user} holds every bit of {@code wanted} on the inode. */
  static boolean allows(FileSystem fs, Attributes attrs, SshUser user, int wanted)
      throws IOException {
    if (user.files() == SshUser.FileAccess.SUPERUSER) {
      return true;
    }
    return allows(fs.getAcl(attrs.inode()), attrs, user, wanted);
  }

  /** The ACL evaluation proper. */
  static boolean allows(Acl acl, Attributes attrs, SshUser user, int wanted) {
    if (acl.equals(Acl.fromMode(attrs.mode()))) {
      // No ACL of its own: POSIX rules, where only the caller's class counts. The owner of a
      // file mode 0070 may not write it even though the group may (NFSv4 evaluation of the
      // derived ALLOW entries would fall through to group@ and let the owner in).
      int index = attrs.uid() == user.uid() ? 0 : user.gids().contains(attrs.gid()) ? 1 : 2;
      return (acl.entries().get(index).mask() & wanted) == wanted;
    }
    int undecided = wanted;
    for (AclEntry e : acl.entries()) {
      if (undecided == 0) {
        break;
      }
      if (e.flags().contains(AclFlag.INHERIT_ONLY) || !matches(e.principal(), attrs, user)) {
        continue;
      }
      int decided = undecided & e.mask();
      if (decided == 0) {
        continue;
      }
      if (e.type() == AclType.DENY) {
        return false;
      }
      if (e.type() == AclType.ALLOW) {
        undecided &= ~decided;
      }
    }
    return undecided == 0;
  }

  /** Throws AccessDeniedException unless {@code user} holds {@code wanted}. */
  static void require(FileSystem fs, Attributes attrs, SshUser user, int wanted, String path)
      throws IOException {
    if (!allows(fs, attrs, user, wanted)) {
      throw new AccessDeniedException(path, null, "permission denied");
    }
  }

  /** Whether the user owns the inode (or is a superuser), as chmod and utimes require. */
  static boolean ownerOrSuperuser(Attributes attrs, SshUser user) {
    return user.files() == SshUser.FileAccess.SUPERUSER || attrs.uid() == user.uid();
  }

  private static boolean matches(Principal p, Attributes attrs, SshUser user) {
    return switch (p) {
      case Principal.Owner o -> attrs.uid() == user.uid();
      case Principal.OwningGroup g -> user.gids().contains(attrs.gid());
      case Principal.Everyone e -> true;
      case Principal.User u -> u.uid() == user.uid();
      case Principal.Group g -> user.gids().contains(g.gid());
      case Principal.Sid s -> false; // Windows identities: SMB's business
    };
  }
}
