package dev.kiln.smb.command;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.DosAttribute;
import dev.kiln.smb.protocol.AccessMask;
import dev.kiln.smb.state.Caller;
import dev.kiln.smb.state.Tree;

/**
 * The access a caller has to a file, judged from its POSIX mode bits the way the SSH service does
 * (owner, then group, then others), limited by the tree's maximal access. Windows ACL evaluation
 * comes with the security package.
 */
final class ModeAccess {

  private ModeAccess() {}

  /** The rights of {@code c} on {@code a}; {@code parent} decides DELETE (null: none). */
  static int maximal(Caller c, Attributes a, Attributes parent, Tree tree) {
    int m;
    if (c.superuser()) {
      m = AccessMask.ALL;
    } else {
      int bits = classBits(c, a);
      m =
          AccessMask.READ_ATTRIBUTES
              | AccessMask.SYNCHRONIZE
              | AccessMask.READ_CONTROL
              | AccessMask.READ_EA;
      if ((bits & 4) != 0) {
        m |= AccessMask.READ_DATA;
      }
      if ((bits & 2) != 0) {
        m |=
            AccessMask.WRITE_DATA
                | AccessMask.APPEND_DATA
                | AccessMask.WRITE_EA
                | AccessMask.WRITE_ATTRIBUTES
                | (a.isDirectory() ? AccessMask.DELETE_CHILD : 0);
      }
      if ((bits & 1) != 0) {
        m |= AccessMask.EXECUTE;
      }
      if (c.uid() == a.uid()) {
        m |= AccessMask.WRITE_ATTRIBUTES | AccessMask.WRITE_DAC | AccessMask.WRITE_OWNER;
      }
      if (parent != null && (classBits(c, parent) & 3) == 3) {
        m |= AccessMask.DELETE;
      }
    }
    if (parent == null && !c.superuser()) {
      m &= ~AccessMask.DELETE;
    }
    if (a.dosAttributes().contains(DosAttribute.READONLY) && !a.isDirectory()) {
      m &= ~(AccessMask.WRITE_DATA | AccessMask.APPEND_DATA);
    }
    return m & tree.maximalAccess();
  }

  /** Whether {@code c} may add entries to directory {@code dir}. */
  static boolean canAddTo(Caller c, Attributes dir, Tree tree) {
    if (tree.readOnly()) {
      return false;
    }
    return c.superuser() || (classBits(c, dir) & 3) == 3;
  }

  private static int classBits(Caller c, Attributes a) {
    if (c.uid() == a.uid()) {
      return (a.mode() >> 6) & 7;
    }
    if (c.gids().contains(a.gid())) {
      return (a.mode() >> 3) & 7;
    }
    return a.mode() & 7;
  }
}
