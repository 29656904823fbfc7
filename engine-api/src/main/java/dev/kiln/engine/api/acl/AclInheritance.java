package dev.kiln.engine.api.acl;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ACL a new file or directory inherits from its directory's ACL ([MS-DTYP] 2.5.3.4.2 ComputeACL
 * for inheritable ACEs; RFC 8881 §6.4.3 says the same for NFSv4).
 *
 * <p>A new file gets the FILE_INHERIT entries, as effective entries (inheritance flags cleared). A
 * new directory gets the DIRECTORY_INHERIT entries, effective and still inheritable unless
 * NO_PROPAGATE_INHERIT ends it there; FILE_INHERIT-only entries pass through it as INHERIT_ONLY so
 * that its files get them. Every inherited entry is marked INHERITED. owner@ and group@ stay
 * themselves and so name the new file's owner and group (Windows' CREATOR OWNER and CREATOR GROUP).
 * A directory with nothing to inherit gives nothing: the new file keeps its mode.
 */
public final class AclInheritance {

  private static final Set<AclFlag> INHERITANCE =
      EnumSet.of(
          AclFlag.FILE_INHERIT,
          AclFlag.DIRECTORY_INHERIT,
          AclFlag.NO_PROPAGATE_INHERIT,
          AclFlag.INHERIT_ONLY);

  private AclInheritance() {}

  /**
   * The ACL a new child of a directory with ACL {@code parent} inherits, or empty when no entry of
   * {@code parent} is inheritable by that kind of child.
   */
  public static Optional<Acl> inherit(Acl parent, boolean directory) {
    List<AclEntry> out = new ArrayList<>();
    for (AclEntry e : parent.entries()) {
      Set<AclFlag> f = e.flags();
      boolean toFiles = f.contains(AclFlag.FILE_INHERIT);
      boolean toDirs = f.contains(AclFlag.DIRECTORY_INHERIT);
      EnumSet<AclFlag> flags = EnumSet.noneOf(AclFlag.class);
      for (AclFlag x : f) {
        if (!INHERITANCE.contains(x)) {
          flags.add(x);
        }
      }
      flags.add(AclFlag.INHERITED);
      if (!directory) {
        if (toFiles) {
          out.add(new AclEntry(e.type(), flags, e.mask(), e.principal()));
        }
        continue;
      }
      boolean propagate = !f.contains(AclFlag.NO_PROPAGATE_INHERIT);
      if (toDirs) {
        if (propagate) {
          flags.add(AclFlag.DIRECTORY_INHERIT);
          if (toFiles) {
            flags.add(AclFlag.FILE_INHERIT);
          }
        }
        out.add(new AclEntry(e.type(), flags, e.mask(), e.principal()));
      } else if (toFiles && propagate) {
        flags.add(AclFlag.FILE_INHERIT);
        flags.add(AclFlag.INHERIT_ONLY);
        out.add(new AclEntry(e.type(), flags, e.mask(), e.principal()));
      }
    }
    return out.isEmpty() ? Optional.empty() : Optional.of(new Acl(out));
  }
}
