package dev.kiln.engine.api.acl;

import java.util.Objects;
import java.util.Set;

/**
 * One access control entry.
 *
 * @param type allow, deny, audit or alarm
 * @param flags inheritance and audit flags
 * @param mask access bits from {@link AclMask}
 * @param principal who the entry applies to
 */
public record AclEntry(AclType type, Set<AclFlag> flags, int mask, Principal principal) {

  /** Validates and freezes the entry. */
  public AclEntry {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(principal, "principal");
    flags = Set.copyOf(flags);
    if ((mask & ~AclMask.ALL) != 0) {
      throw new IllegalArgumentException("unknown ACL mask bits: 0x" + Integer.toHexString(mask));
    }
  }

  /** An ALLOW entry without flags. */
  public static AclEntry allow(Principal principal, int mask) {
    return new AclEntry(AclType.ALLOW, Set.of(), mask, principal);
  }

  /** A DENY entry without flags. */
  public static AclEntry deny(Principal principal, int mask) {
    return new AclEntry(AclType.DENY, Set.of(), mask, principal);
  }
}
