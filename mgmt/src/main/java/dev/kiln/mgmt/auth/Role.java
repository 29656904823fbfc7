package dev.kiln.mgmt.auth;

/** What a principal may do in a namespace; each role includes the ones below it. */
public enum Role {
  /** Read everything in the namespace, change nothing. */
  READONLY,
  /** Day-to-day changes: create and modify resources, run jobs. */
  OPERATOR,
  /** Everything, including users, roles and security settings. */
  ADMIN;

  /** Whether this role includes {@code needed}. */
  public boolean includes(Role needed) {
    return compareTo(needed) >= 0;
  }
}
