package dev.kiln.engine.api.manage;

/** The health of a pool or one of its devices (zpool status states). */
public enum PoolHealth {
  ONLINE,
  DEGRADED,
  FAULTED,
  OFFLINE,
  UNAVAIL,
  SUSPENDED
}
