package dev.kiln.smb.oplock;

/**
 * Names a lease ([MS-SMB2] 3.3.1.4 LeaseTable): the ClientGuid of the connection that asked for it
 * and the client's LeaseKey, each as two little-endian longs.
 *
 * @param guidLow ClientGuid bytes 0-7
 * @param guidHigh ClientGuid bytes 8-15
 * @param keyLow LeaseKey bytes 0-7
 * @param keyHigh LeaseKey bytes 8-15
 */
public record LeaseId(long guidLow, long guidHigh, long keyLow, long keyHigh) {}
