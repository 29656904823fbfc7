package dev.kiln.engine.pool;

import java.util.List;

/**
 * A pool found by scanning devices.
 *
 * @param name pool name from the labels
 * @param guid pool guid
 * @param deviceCount devices the pool has
 * @param foundDevices names of the devices found, by vdev index (null where missing)
 */
public record ImportablePool(String name, long guid, int deviceCount, List<String> foundDevices) {

  /** Whether every device of the pool was found. */
  public boolean complete() {
    return foundDevices.stream().allMatch(d -> d != null);
  }
}
