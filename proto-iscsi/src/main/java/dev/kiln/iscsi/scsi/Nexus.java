package dev.kiln.iscsi.scsi;

/**
 * An I_T nexus (SAM-5 §4.7): the iSCSI initiator port (InitiatorName plus ISID, RFC 7143 §4.4.1)
 * and the session it is bound to; reservations are held by nexus.
 *
 * @param initiatorPort {@code <InitiatorName>,i,0x<ISID>}
 * @param initiatorName the iSCSI InitiatorName
 */
public record Nexus(String initiatorPort, String initiatorName) {}
