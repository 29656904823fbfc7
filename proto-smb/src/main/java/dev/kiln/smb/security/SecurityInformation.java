package dev.kiln.smb.security;

/**
 * SECURITY_INFORMATION bits ([MS-DTYP] 2.4.7): which parts of a descriptor a QUERY_INFO asks for or
 * a SET_INFO changes.
 */
public final class SecurityInformation {

  /** The owner SID. */
  public static final int OWNER = 0x1;

  /** The primary group SID. */
  public static final int GROUP = 0x2;

  /** The discretionary ACL. */
  public static final int DACL = 0x4;

  /** The system ACL (audit): never returned or set by Kiln. */
  public static final int SACL = 0x8;

  private SecurityInformation() {}
}
