package dev.kiln.smb.oplock;

/**
 * Where the break notifications of one open go: the connection the open currently belongs to. A
 * durable handle reconnected on another connection gets a new channel.
 */
public interface BreakChannel {

  /** Sends an Oplock Break Notification ([MS-SMB2] 2.2.23.1) for FileId {@code fileId}. */
  void oplockBreak(long fileId, int newLevel);

  /** Sends a Lease Break Notification ([MS-SMB2] 2.2.23.2); {@code newEpoch} is 0 for v1 leases. */
  void leaseBreak(LeaseId lease, int newEpoch, boolean ackRequired, int current, int newState);
}
