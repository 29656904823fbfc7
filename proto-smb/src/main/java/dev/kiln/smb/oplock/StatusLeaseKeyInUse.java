package dev.kiln.smb.oplock;

import dev.kiln.smb.protocol.NtStatus;
import dev.kiln.smb.protocol.SmbStatusException;

/**
 * A LeaseKey already names the lease of another file: STATUS_INVALID_PARAMETER ([MS-SMB2]
 * 3.3.5.9.8).
 */
public final class StatusLeaseKeyInUse extends SmbStatusException {

  private static final long serialVersionUID = 1L;

  /** The failure, with a reason for the log. */
  public StatusLeaseKeyInUse(String message) {
    super(NtStatus.INVALID_PARAMETER, message);
  }
}
