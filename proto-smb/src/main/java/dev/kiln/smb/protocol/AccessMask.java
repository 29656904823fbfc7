package dev.kiln.smb.protocol;

/** File access mask bits ([MS-SMB2] 2.2.13.1.1) and the generic mapping ([MS-FSA] 2.1.5.1.2). */
public final class AccessMask {

  /** FILE_READ_DATA / FILE_LIST_DIRECTORY. */
  public static final int READ_DATA = 0x1;

  /** FILE_WRITE_DATA / FILE_ADD_FILE. */
  public static final int WRITE_DATA = 0x2;

  /** FILE_APPEND_DATA / FILE_ADD_SUBDIRECTORY. */
  public static final int APPEND_DATA = 0x4;

  /** FILE_READ_EA. */
  public static final int READ_EA = 0x8;

  /** FILE_WRITE_EA. */
  public static final int WRITE_EA = 0x10;

  /** FILE_EXECUTE / FILE_TRAVERSE. */
  public static final int EXECUTE = 0x20;

  /** FILE_DELETE_CHILD. */
  public static final int DELETE_CHILD = 0x40;

  /** FILE_READ_ATTRIBUTES. */
  public static final int READ_ATTRIBUTES = 0x80;

  /** FILE_WRITE_ATTRIBUTES. */
  public static final int WRITE_ATTRIBUTES = 0x100;

  /** DELETE. */
  public static final int DELETE = 0x10000;

  /** READ_CONTROL. */
  public static final int READ_CONTROL = 0x20000;

  /** WRITE_DAC. */
  public static final int WRITE_DAC = 0x40000;

  /** WRITE_OWNER. */
  public static final int WRITE_OWNER = 0x80000;

  /** SYNCHRONIZE. */
  public static final int SYNCHRONIZE = 0x100000;

  /** ACCESS_SYSTEM_SECURITY. */
  public static final int ACCESS_SYSTEM_SECURITY = 0x1000000;

  /** MAXIMUM_ALLOWED. */
  public static final int MAXIMUM_ALLOWED = 0x2000000;

  /** GENERIC_ALL. */
  public static final int GENERIC_ALL = 0x10000000;

  /** GENERIC_EXECUTE. */
  public static final int GENERIC_EXECUTE = 0x20000000;

  /** GENERIC_WRITE. */
  public static final int GENERIC_WRITE = 0x40000000;

  /** GENERIC_READ. */
  public static final int GENERIC_READ = 0x80000000;

  /** Every specific and standard right of a file (FILE_ALL_ACCESS). */
  public static final int ALL = 0x1F01FF;

  /** What FILE_GENERIC_READ maps to. */
  public static final int FILE_GENERIC_READ = 0x120089;

  /** What FILE_GENERIC_WRITE maps to. */
  public static final int FILE_GENERIC_WRITE = 0x120116;

  /** What FILE_GENERIC_EXECUTE maps to. */
  public static final int FILE_GENERIC_EXECUTE = 0x1200A0;

  /** Rights that change data or metadata. */
  public static final int MODIFYING =
      WRITE_DATA
          | APPEND_DATA
          | WRITE_EA
          | DELETE_CHILD
          | WRITE_ATTRIBUTES
          | DELETE
          | WRITE_DAC
          | WRITE_OWNER;

  private AccessMask() {}

  /** Replaces the generic bits by the specific rights they stand for. */
  public static int mapGeneric(int mask) {
    int m = mask & ~(GENERIC_ALL | GENERIC_EXECUTE | GENERIC_WRITE | GENERIC_READ);
    if ((mask & GENERIC_READ) != 0) {
      m |= FILE_GENERIC_READ;
    }
    if ((mask & GENERIC_WRITE) != 0) {
      m |= FILE_GENERIC_WRITE;
    }
    if ((mask & GENERIC_EXECUTE) != 0) {
      m |= FILE_GENERIC_EXECUTE;
    }
    if ((mask & GENERIC_ALL) != 0) {
      m |= ALL;
    }
    return m;
  }
}
