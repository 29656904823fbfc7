package dev.kiln.smb.oplock;

/** The RequestedOplockLevel / OplockLevel values of CREATE and OPLOCK_BREAK ([MS-SMB2] 2.2.13). */
public final class OplockLevel {

  /** No oplock. */
  public static final int NONE = 0x00;

  /** Level II: shared read caching. */
  public static final int II = 0x01;

  /** Exclusive: read and write caching. */
  public static final int EXCLUSIVE = 0x08;

  /** Batch: exclusive plus handle caching. */
  public static final int BATCH = 0x09;

  /** A lease context decides the caching (RqLs). */
  public static final int LEASE = 0xFF;

  private OplockLevel() {}

  /** Whether {@code level} is a value a client may request. */
  public static boolean valid(int level) {
    return level == NONE || level == II || level == EXCLUSIVE || level == BATCH || level == LEASE;
  }

  /** Whether {@code level} is exclusive or batch (breaks need an acknowledgment). */
  public static boolean exclusive(int level) {
    return level == EXCLUSIVE || level == BATCH;
  }
}
