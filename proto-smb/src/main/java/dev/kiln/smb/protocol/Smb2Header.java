package dev.kiln.smb.protocol;

/**
 * The 64-byte SMB2 packet header ([MS-SMB2] 2.2.1.1 async, 2.2.1.2 sync).
 *
 * @param creditCharge credits this request consumes
 * @param status NTSTATUS (responses) or ChannelSequence (requests, 3.x)
 * @param command command code ({@link Smb2Command})
 * @param credits CreditRequest or CreditResponse
 * @param flags SMB2_FLAGS_*
 * @param nextCommand offset of the next compounded message, 0 for the last
 * @param messageId sequence number
 * @param asyncId async id when {@link #FLAG_ASYNC} is set, else 0
 * @param treeId tree id of a sync message
 * @param sessionId session id
 */
public record Smb2Header(
    int creditCharge,
    int status,
    int command,
    int credits,
    int flags,
    int nextCommand,
    long messageId,
    long asyncId,
    int treeId,
    long sessionId) {

  /** Header length. */
  public static final int SIZE = 64;

  /** Offset of the 16-byte signature. */
  public static final int SIGNATURE_OFFSET = 48;

  /** SMB2_FLAGS_SERVER_TO_REDIR. */
  public static final int FLAG_RESPONSE = 0x1;

  /** SMB2_FLAGS_ASYNC_COMMAND. */
  public static final int FLAG_ASYNC = 0x2;

  /** SMB2_FLAGS_RELATED_OPERATIONS. */
  public static final int FLAG_RELATED = 0x4;

  /** SMB2_FLAGS_SIGNED. */
  public static final int FLAG_SIGNED = 0x8;

  /** Whether {@code b[off..]} starts with the SMB2 protocol id 0xFE 'S' 'M' 'B'. */
  public static boolean isSmb2(byte[] b, int off, int len) {
    return len >= 4
        && (b[off] & 0xff) == 0xFE
        && b[off + 1] == 'S'
        && b[off + 2] == 'M'
        && b[off + 3] == 'B';
  }

  /** Parses and validates the header of a message. */
  public static Smb2Header parse(SmbReader r) throws StatusInvalidParameter {
    if (r.length() < SIZE || r.u32(0) != 0x424D53FE) {
      throw new StatusInvalidParameter("not an SMB2 header");
    }
    if (r.u16(4) != SIZE) {
      throw new StatusInvalidParameter("header StructureSize " + r.u16(4));
    }
    int flags = r.u32(16);
    boolean async = (flags & FLAG_ASYNC) != 0;
    return new Smb2Header(
        r.u16(6),
        r.u32(8),
        r.u16(12),
        r.u16(14),
        flags,
        r.u32(20),
        r.u64(24),
        async ? r.u64(32) : 0,
        async ? 0 : r.u32(36),
        r.u64(40));
  }

  /** Whether SMB2_FLAGS_RELATED_OPERATIONS is set. */
  public boolean related() {
    return (flags & FLAG_RELATED) != 0;
  }

  /** Whether SMB2_FLAGS_SIGNED is set. */
  public boolean signed() {
    return (flags & FLAG_SIGNED) != 0;
  }

  /** Whether SMB2_FLAGS_ASYNC_COMMAND is set. */
  public boolean async() {
    return (flags & FLAG_ASYNC) != 0;
  }

  /**
   * Writes a response header at the writer's position: sync form unless {@code asyncId} is
   * non-zero; signature zero (signing fills it in later).
   */
  public static void writeResponse(
      SmbWriter w,
      int command,
      int status,
      int credits,
      int flags,
      long messageId,
      long asyncId,
      int treeId,
      long sessionId) {
    w.u32(0x424D53FE).u16(SIZE).u16(0).u32(status).u16(command).u16(credits);
    w.u32(flags | FLAG_RESPONSE | (asyncId != 0 ? FLAG_ASYNC : 0)).u32(0).u64(messageId);
    if (asyncId != 0) {
      w.u64(asyncId);
    } else {
      w.u32(0).u32(treeId);
    }
    w.u64(sessionId).zeros(16);
  }
}
