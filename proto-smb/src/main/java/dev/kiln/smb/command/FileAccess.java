package dev.kiln.smb.command;

import dev.kiln.engine.api.acl.AccessCheck;
import dev.kiln.engine.api.acl.Acl;
import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.DosAttribute;
import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.smb.protocol.AccessMask;
import dev.kiln.smb.state.Caller;
import dev.kiln.smb.state.Tree;
import java.io.IOException;

/**
 * The access a caller has to a file: its ACL evaluated by the engine API's {@link AccessCheck}
 * ([MS-DTYP] 2.5.3.2; POSIX class rules for a file that has only its mode), DELETE also through the
 * parent's DELETE_CHILD, limited by the tree's maximal access. The access mask bits of SMB and of
 * the engine's ACLs are the same numbers, so no translation happens.
 *
 * <p>A superuser (the {@code storage} admin role) is not checked against mode bits, as root is not
 * over NFS and SFTP; an ACL set on a file (by a Windows client, say) is evaluated for it too, as a
 * Windows administrator is subject to DACLs, except that it always keeps READ_CONTROL, WRITE_DAC
 * and WRITE_OWNER so that it can repair any file. Privileges (backup, restore) are not modelled.
 */
final class FileAccess {

  private static final int ADMIN_ALWAYS =
      AccessMask.READ_CONTROL | AccessMask.WRITE_DAC | AccessMask.WRITE_OWNER;

  private FileAccess() {}

  /**
   * The rights of {@code c} on {@code a}; {@code parent} (null for the share root) may grant DELETE
   * through DELETE_CHILD.
   */
  static int maximal(Caller c, FileSystem fs, Attributes a, Attributes parent, Tree tree)
      throws IOException {
    int m = rights(c, fs, a);
    if (parent == null) {
      if (!c.superuser()) {
        m &= ~AccessMask.DELETE;
      }
    } else if ((m & AccessMask.DELETE) == 0 && AccessCheck.mayDelete(m, rights(c, fs, parent))) {
      m |= AccessMask.DELETE;
    }
    if (a.dosAttributes().contains(DosAttribute.READONLY) && !a.isDirectory()) {
      m &= ~(AccessMask.WRITE_DATA | AccessMask.APPEND_DATA);
    }
    return m & tree.maximalAccess();
  }

  /**
   * Whether {@code c} may add a file ({@code directory} false: ADD_FILE) or a subdirectory
   * (ADD_SUBDIRECTORY) to directory {@code dir}; a directory with only its mode also needs search
   * permission, as POSIX does.
   */
  static boolean canAddTo(Caller c, FileSystem fs, Attributes dir, boolean directory, Tree tree)
      throws IOException {
    if (tree.readOnly()) {
      return false;
    }
    Acl acl = fs.getAcl(dir.inode());
    boolean modeOnly = acl.equals(Acl.fromMode(dir.mode()));
    if (c.superuser() && modeOnly) {
      return true;
    }
    int need = directory ? AccessMask.APPEND_DATA : AccessMask.WRITE_DATA;
    if (modeOnly) {
      need |= AccessMask.EXECUTE;
    }
    return (rights(c, acl, dir) & need) == need;
  }

  private static int rights(Caller c, FileSystem fs, Attributes a) throws IOException {
    return rights(c, fs.getAcl(a.inode()), a);
  }

  private static int rights(Caller c, Acl acl, Attributes a) {
    if (!c.superuser()) {
      return AccessCheck.maximal(acl, a, c);
    }
    if (acl.equals(Acl.fromMode(a.mode()))) {
      return AccessMask.ALL;
    }
    return AccessCheck.maximal(acl, a, c) | ADMIN_ALWAYS;
  }
}
