package dev.kiln.mgmt.iscsi;

import java.util.List;
import java.util.Objects;

/**
 * A configured iSCSI target as the configuration store keeps it.
 *
 * @param name the iSCSI target name (iqn., eui. or naa.)
 * @param luns LUN number to volume dataset
 * @param initiators initiator names allowed to log in; empty allows every initiator
 * @param chapUser the CHAP name initiators must prove, or null for no CHAP
 * @param chapSecret the CHAP secret (kept because CHAP needs it in clear; never returned by the
 *     API)
 * @param mutualUser the target's name for mutual CHAP, or null
 * @param mutualSecret the target's secret for mutual CHAP, or null
 */
public record IscsiTargetSpec(
    String name,
    List<LunMapping> luns,
    List<String> initiators,
    String chapUser,
    String chapSecret,
    String mutualUser,
    String mutualSecret) {

  /** One LUN of a target. */
  public record LunMapping(int lun, String dataset) {}

  /** Copies the lists. */
  public IscsiTargetSpec {
    Objects.requireNonNull(name, "name");
    luns = List.copyOf(luns);
    initiators = List.copyOf(initiators);
  }

  /** What the API shows: everything but the secrets. */
  public View view() {
    return new View(
        name,
        luns.stream().map(l -> l.lun() + "=" + l.dataset()).toList(),
        initiators,
        chapUser,
        mutualUser != null);
  }

  /**
   * The API representation.
   *
   * @param name target name
   * @param luns {@code LUN=dataset} entries
   * @param initiators allowed initiators (empty: all)
   * @param chapUser CHAP name, or null when CHAP is off
   * @param mutualChap whether the target authenticates itself too
   */
  public record View(
      String name,
      List<String> luns,
      List<String> initiators,
      String chapUser,
      boolean mutualChap) {}
}
