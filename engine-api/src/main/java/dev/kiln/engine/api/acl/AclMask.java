package dev.kiln.engine.api.acl;

/**
 * Access mask bits of an ACL entry. The values are the NFSv4 ACE4_* values, which coincide with the
 * Windows access mask bits, so both front ends map them without translation tables.
 */
public final class AclMask {

  /** Read file data or list a directory. */
  public static final int READ_DATA = 0x00000001;

  /** Write file data or add a file to a directory. */
  public static final int WRITE_DATA = 0x00000002;

  /** Append file data or add a subdirectory. */
  public static final int APPEND_DATA = 0x00000004;

  /** Read named attributes and streams. */
  public static final int READ_NAMED_ATTRS = 0x00000008;

  /** Write named attributes and streams. */
  public static final int WRITE_NAMED_ATTRS = 0x00000010;

  /** Execute a file or traverse a directory. */
  public static final int EXECUTE = 0x00000020;

  /** Delete entries of a directory. */
  public static final int DELETE_CHILD = 0x00000040;

  /** Read basic attributes. */
  public static final int READ_ATTRIBUTES = 0x00000080;

  /** Change times and DOS attributes. */
  public static final int WRITE_ATTRIBUTES = 0x00000100;

  /** Delete the object itself. */
  public static final int DELETE = 0x00010000;

  /** Read the ACL. */
  public static final int READ_ACL = 0x00020000;

  /** Change the ACL. */
  public static final int WRITE_ACL = 0x00040000;

  /** Take ownership. */
  public static final int WRITE_OWNER = 0x00080000;

  /** Use the object for synchronisation (always granted in practice). */
  public static final int SYNCHRONIZE = 0x00100000;

  /** Every bit defined above. */
  public static final int ALL =
      READ_DATA
          | WRITE_DATA
          | APPEND_DATA
          | READ_NAMED_ATTRS
          | WRITE_NAMED_ATTRS
          | EXECUTE
          | DELETE_CHILD
          | READ_ATTRIBUTES
          | WRITE_ATTRIBUTES
          | DELETE
          | READ_ACL
          | WRITE_ACL
          | WRITE_OWNER
          | SYNCHRONIZE;

  private AclMask() {}
}
