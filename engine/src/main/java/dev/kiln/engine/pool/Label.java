package dev.kiln.engine.pool;

import java.util.List;
import java.util.Set;

/**
 * The self-description written in every label of every device: enough to find all devices of a pool
 * by scanning and to refuse what this build cannot read.
 *
 * @param formatVersion on-disk format version
 * @param poolName the pool's name
 * @param poolGuid random pool identity
 * @param deviceGuid identity of the device holding this label
 * @param vdevIndex position of that device in {@code vdevs}
 * @param ashift log2 of the allocation unit (9 or 12)
 * @param createTxg the txg the pool was created in
 * @param vdevs all devices of the pool, in index order
 * @param requiredFeatures features a reader must know to import the pool at all
 * @param writeFeatures features a writer must know; unknown ones allow only read-only import
 */
public record Label(
    int formatVersion,
    String poolName,
    long poolGuid,
    long deviceGuid,
    int vdevIndex,
    int ashift,
    long createTxg,
    List<VdevConfig> vdevs,
    Set<String> requiredFeatures,
    Set<String> writeFeatures) {

  /** Copies collections defensively. */
  public Label {
    vdevs = List.copyOf(vdevs);
    requiredFeatures = Set.copyOf(requiredFeatures);
    writeFeatures = Set.copyOf(writeFeatures);
  }

  /** Sum of all device guids: an uberblock records it to tie itself to this device set. */
  public long guidSum() {
    long sum = 0;
    for (VdevConfig v : vdevs) {
      sum += v.guid();
    }
    return sum;
  }

  /** This label with other feature sets (for tests and future upgrades). */
  public Label withFeatures(Set<String> required, Set<String> write) {
    return new Label(
        formatVersion,
        poolName,
        poolGuid,
        deviceGuid,
        vdevIndex,
        ashift,
        createTxg,
        vdevs,
        required,
        write);
  }
}
