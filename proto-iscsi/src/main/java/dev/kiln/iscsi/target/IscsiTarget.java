package dev.kiln.iscsi.target;

import dev.kiln.iscsi.scsi.LogicalUnit;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A target as the initiator sees it: an iSCSI name, its logical units by LUN, and the initiators
 * allowed to log in (empty: any).
 *
 * @param name the iSCSI target name (iqn.... or eui....)
 * @param units the logical units by LUN number
 * @param allowedInitiators initiator names allowed to log in; empty allows every initiator
 * @param chap CHAP secrets the initiator must prove, or null for no authentication
 */
public record IscsiTarget(
    String name,
    SortedMap<Integer, LogicalUnit> units,
    Set<String> allowedInitiators,
    ChapCredentials chap) {

  /** Copies the maps so a catalog may change without affecting sessions. */
  public IscsiTarget {
    units = new TreeMap<>(units);
    allowedInitiators = Set.copyOf(allowedInitiators);
  }

  /** A target open to every initiator. */
  public static IscsiTarget open(String name, Map<Integer, LogicalUnit> units) {
    return new IscsiTarget(name, new TreeMap<>(units), Set.of(), null);
  }

  /** True when {@code initiatorName} may log in (RFC 7143 §6.3: authorization). */
  public boolean allows(String initiatorName) {
    return allowedInitiators.isEmpty() || allowedInitiators.contains(initiatorName);
  }
}
