package dev.kiln.engine.api.acl;

/** The kind of an ACL entry (NFSv4 ACE types; SMB uses ALLOW, DENY, AUDIT and ALARM too). */
public enum AclType {
  ALLOW,
  DENY,
  AUDIT,
  ALARM
}
