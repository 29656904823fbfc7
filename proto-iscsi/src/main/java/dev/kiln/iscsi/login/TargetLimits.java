package dev.kiln.iscsi.login;

/**
 * What this target offers in a negotiation (RFC 7143 §13): its own receive segment size and the
 * upper bounds it answers the initiator's proposals with.
 *
 * @param maxRecvDataSegment our MaxRecvDataSegmentLength, declared to the initiator
 * @param maxBurst the largest MaxBurstLength accepted
 * @param firstBurst the largest FirstBurstLength accepted
 * @param maxOutstandingR2T the largest MaxOutstandingR2T accepted
 * @param maxConnections the largest MaxConnections accepted
 */
public record TargetLimits(
    int maxRecvDataSegment,
    int maxBurst,
    int firstBurst,
    int maxOutstandingR2T,
    int maxConnections) {

  /** The limits Kiln runs with. */
  public static TargetLimits standard() {
    return new TargetLimits(262144, 1 << 20, 1 << 20, 1, 4);
  }
}
