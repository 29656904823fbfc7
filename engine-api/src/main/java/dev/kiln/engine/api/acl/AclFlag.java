package dev.kiln.engine.api.acl;

/** ACL entry flags: inheritance and audit conditions (NFSv4 ACE4_* flags, SMB ACE flags). */
public enum AclFlag {
  /** New files in this directory inherit the entry. */
  FILE_INHERIT,
  /** New subdirectories inherit the entry. */
  DIRECTORY_INHERIT,
  /** Inheritance stops after one level. */
  NO_PROPAGATE_INHERIT,
  /** The entry does not apply to this directory, only to what inherits it. */
  INHERIT_ONLY,
  /** Audit or alarm on successful access. */
  SUCCESSFUL_ACCESS,
  /** Audit or alarm on failed access. */
  FAILED_ACCESS,
  /** The entry was inherited from a parent. */
  INHERITED
}
