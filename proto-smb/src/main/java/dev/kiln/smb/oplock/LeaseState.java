package dev.kiln.smb.oplock;

/** Lease state bits ([MS-SMB2] 2.2.13.2.8): read, handle and write caching. */
public final class LeaseState {

  /** No caching. */
  public static final int NONE = 0;

  /** SMB2_LEASE_READ_CACHING. */
  public static final int READ = 0x1;

  /** SMB2_LEASE_HANDLE_CACHING. */
  public static final int HANDLE = 0x2;

  /** SMB2_LEASE_WRITE_CACHING. */
  public static final int WRITE = 0x4;

  private LeaseState() {}

  /**
   * The state a request may get at most: R, RH, RW and RWH are the valid combinations ([MS-FSA]
   * 2.1.5.17.3); anything without read caching gets none.
   */
  public static int valid(int requested) {
    if ((requested & READ) == 0) {
      return NONE;
    }
    return requested & (READ | HANDLE | WRITE);
  }
}
