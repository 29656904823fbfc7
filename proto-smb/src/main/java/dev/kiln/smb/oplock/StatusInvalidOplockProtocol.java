package dev.kiln.smb.oplock;

import dev.kiln.smb.protocol.SmbStatusException;

/** STATUS_INVALID_OPLOCK_PROTOCOL ([MS-ERREF] 2.3.1): an acknowledgment no break asked for. */
public final class StatusInvalidOplockProtocol extends SmbStatusException {

  /** The NTSTATUS value. */
  public static final int STATUS = 0xC000_00E3;

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusInvalidOplockProtocol(String message) {
    super(STATUS, message);
  }
}
