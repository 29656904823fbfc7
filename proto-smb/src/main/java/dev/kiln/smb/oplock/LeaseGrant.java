package dev.kiln.smb.oplock;

/**
 * The lease state an open got, for the RqLs response context ([MS-SMB2] 2.2.14.2.10/11).
 *
 * @param state the lease's current state
 * @param epoch the lease's epoch (v2)
 * @param breaking whether a break of the lease is under way (SMB2_LEASE_FLAG_BREAK_IN_PROGRESS)
 */
public record LeaseGrant(int state, int epoch, boolean breaking) {}
