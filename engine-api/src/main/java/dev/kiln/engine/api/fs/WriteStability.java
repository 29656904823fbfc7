package dev.kiln.engine.api.fs;

/**
 * How durable a write must be before it returns (NFSv3 stable_how; SMB write-through; iSCSI FUA).
 *
 * <p>Ordered from weakest to strongest, so {@code a.compareTo(b) >= 0} means a is at least as
 * durable as b.
 */
public enum WriteStability {
  /** In memory only; durable after a later commit or transaction group. */
  UNSTABLE,
  /** The data, and the metadata needed to read it back, are durable. */
  DATA_SYNC,
  /** Data and all metadata (times, size) are durable. */
  FILE_SYNC;

  /** True when this level is at least as strong as {@code other}. */
  public boolean satisfies(WriteStability other) {
    return compareTo(other) >= 0;
  }
}
