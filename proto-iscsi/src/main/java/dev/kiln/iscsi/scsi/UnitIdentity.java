package dev.kiln.iscsi.scsi;

/**
 * What INQUIRY reports about a logical unit (SPC-4 §6.4, §7.8.6): identifiers derived from the
 * volume's stable guid and serial, and the target it is reached through.
 *
 * @param naa the 64-bit NAA identifier (locally assigned, NAA 3)
 * @param serial the unit serial number (VPD 0x80)
 * @param targetName the iSCSI target name (SCSI name string designator)
 * @param portalGroupTag the target portal group tag (relative target port, target port group)
 */
public record UnitIdentity(long naa, String serial, String targetName, int portalGroupTag) {

  /** Identity from a volume guid: NAA type 3 (locally assigned) carries 60 bits of it. */
  public static UnitIdentity fromGuid(long guid, String serial, String targetName, int tpgt) {
    return new UnitIdentity((3L << 60) | (guid & 0x0fff_ffff_ffff_ffffL), serial, targetName, tpgt);
  }
}
