package dev.kiln.engine.api.acl;

import java.util.ArrayList;
import java.util.List;

/**
 * An ordered NFSv4-style access control list; entries are evaluated in order (first match on each
 * bit wins), as in NFSv4 and Windows.
 *
 * @param entries the entries in evaluation order
 */
public record Acl(List<AclEntry> entries) {

  private static final int READ_BITS = AclMask.READ_DATA | AclMask.READ_NAMED_ATTRS;
  private static final int WRITE_BITS =
      AclMask.WRITE_DATA | AclMask.APPEND_DATA | AclMask.WRITE_NAMED_ATTRS;
  private static final int ALWAYS_BITS =
      AclMask.READ_ATTRIBUTES | AclMask.READ_ACL | AclMask.SYNCHRONIZE;
  private static final int OWNER_BITS =
      AclMask.WRITE_ATTRIBUTES | AclMask.WRITE_ACL | AclMask.WRITE_OWNER;

  /** Freezes the entry list. */
  public Acl {
    entries = List.copyOf(entries);
  }

  /** An ACL of the given entries. */
  public static Acl of(AclEntry... entries) {
    return new Acl(List.of(entries));
  }

  /**
   * The ACL equivalent to POSIX permission bits: one ALLOW entry each for owner@, group@ and
   * everyone@. This is what a file without a stored ACL reports.
   */
  public static Acl fromMode(int mode) {
    List<AclEntry> list = new ArrayList<>(3);
    list.add(AclEntry.allow(Principal.owner(), bits(mode >> 6) | OWNER_BITS));
    list.add(AclEntry.allow(Principal.owningGroup(), bits(mode >> 3)));
    list.add(AclEntry.allow(Principal.everyone(), bits(mode)));
    return new Acl(list);
  }

  private static int bits(int rwx) {
    int mask = ALWAYS_BITS;
    if ((rwx & 4) != 0) {
      mask |= READ_BITS;
    }
    if ((rwx & 2) != 0) {
      mask |= WRITE_BITS;
    }
    if ((rwx & 1) != 0) {
      mask |= AclMask.EXECUTE;
    }
    return mask;
  }
}
