package dev.kiln.smb.transport;

/** The two ways SMB2 reaches the server. */
public enum SmbTransport {
  /** Direct TCP on 445 ([MS-SMB2] 2.1): a zero byte and a 24-bit length before each message. */
  DIRECT_TCP,
  /**
   * NetBIOS session service on 139 (RFC 1002 §4.3): SESSION REQUEST answered by a POSITIVE
   * RESPONSE, then SESSION MESSAGEs carrying SMB2.
   */
  NETBIOS
}
