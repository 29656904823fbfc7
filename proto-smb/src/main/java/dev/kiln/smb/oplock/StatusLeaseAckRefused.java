package dev.kiln.smb.oplock;

import dev.kiln.smb.protocol.NtStatus;
import dev.kiln.smb.protocol.SmbStatusException;

/** A refused LEASE_BREAK acknowledgment, with the status [MS-SMB2] 3.3.5.22.2 names. */
public final class StatusLeaseAckRefused extends SmbStatusException {

  /** No lease with that key for the client: STATUS_OBJECT_NAME_NOT_FOUND. */
  public static final int NOT_FOUND = NtStatus.OBJECT_NAME_NOT_FOUND;

  /** No break under way: STATUS_UNSUCCESSFUL. */
  public static final int UNSUCCESSFUL = 0xC000_0001;

  /** A state the break does not allow: STATUS_REQUEST_NOT_ACCEPTED. */
  public static final int NOT_ACCEPTED = NtStatus.REQUEST_NOT_ACCEPTED;

  private static final long serialVersionUID = 1L;

  /** The refusal with one of the statuses above. */
  public StatusLeaseAckRefused(int status, String message) {
    super(status, message);
  }
}
