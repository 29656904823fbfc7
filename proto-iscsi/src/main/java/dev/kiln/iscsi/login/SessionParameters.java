package dev.kiln.iscsi.login;

/**
 * The negotiated operational parameters of a connection and its session (RFC 7143 §13), with the
 * RFC's defaults until a login changes them.
 *
 * @param headerDigest CRC32C on headers (§13.1)
 * @param dataDigest CRC32C on data segments (§13.1)
 * @param initiatorMaxRecvDataSegment the largest data segment we may send (§13.12)
 * @param maxBurst MaxBurstLength (§13.13)
 * @param firstBurst FirstBurstLength (§13.14)
 * @param initialR2T InitialR2T (§13.10)
 * @param immediateData ImmediateData (§13.11)
 * @param maxOutstandingR2T MaxOutstandingR2T (§13.17)
 * @param maxConnections MaxConnections (§13.2)
 * @param defaultTime2Wait DefaultTime2Wait (§13.15)
 * @param defaultTime2Retain DefaultTime2Retain (§13.16)
 */
public record SessionParameters(
    boolean headerDigest,
    boolean dataDigest,
    int initiatorMaxRecvDataSegment,
    int maxBurst,
    int firstBurst,
    boolean initialR2T,
    boolean immediateData,
    int maxOutstandingR2T,
    int maxConnections,
    int defaultTime2Wait,
    int defaultTime2Retain) {

  /** The RFC 7143 defaults (§13). */
  public static SessionParameters defaults() {
    return new SessionParameters(false, false, 8192, 262144, 65536, true, true, 1, 1, 2, 20);
  }

  /** A copy with the digests set. */
  public SessionParameters withDigests(boolean header, boolean data) {
    return new SessionParameters(
        header,
        data,
        initiatorMaxRecvDataSegment,
        maxBurst,
        firstBurst,
        initialR2T,
        immediateData,
        maxOutstandingR2T,
        maxConnections,
        defaultTime2Wait,
        defaultTime2Retain);
  }
}
