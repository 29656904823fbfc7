package dev.kiln.engine.api.acl;

import java.util.Objects;

/** Who an ACL entry is about: the special owner@, group@, everyone@, a uid, a gid or a SID. */
public sealed interface Principal {

  /** The file's owner (NFSv4 {@code OWNER@}, Windows CREATOR OWNER on inheritance). */
  record Owner() implements Principal {}

  /** The file's owning group ({@code GROUP@}). */
  record OwningGroup() implements Principal {}

  /** Everybody ({@code EVERYONE@}, Windows S-1-1-0). */
  record Everyone() implements Principal {}

  /**
   * A numeric user.
   *
   * @param uid the unsigned 32-bit user id
   */
  record User(long uid) implements Principal {}

  /**
   * A numeric group.
   *
   * @param gid the unsigned 32-bit group id
   */
  record Group(long gid) implements Principal {}

  /**
   * A Windows security identifier not mapped to a uid or gid.
   *
   * @param sid the SID in string form, such as {@code S-1-5-21-1-2-3-1001}
   */
  record Sid(String sid) implements Principal {

    /** Validates the SID string form. */
    public Sid {
      Objects.requireNonNull(sid, "sid");
      if (!sid.matches("S-1(-\\d+)+")) {
        throw new IllegalArgumentException("not a SID string: " + sid);
      }
    }
  }

  /** The owner@ principal. */
  static Principal owner() {
    return new Owner();
  }

  /** The group@ principal. */
  static Principal owningGroup() {
    return new OwningGroup();
  }

  /** The everyone@ principal. */
  static Principal everyone() {
    return new Everyone();
  }
}
