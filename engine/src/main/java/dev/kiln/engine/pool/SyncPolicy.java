package dev.kiln.engine.pool;

import java.time.Duration;

/**
 * When a txg should commit without being asked: after {@code interval} since the last commit, or
 * once {@code dirtyBytesThreshold} bytes of blocks were written. See {@link Pool#syncIfDue}.
 *
 * @param interval longest time between commits
 * @param dirtyBytesThreshold dirty data that forces an early commit
 */
public record SyncPolicy(Duration interval, long dirtyBytesThreshold) {

  /** ZFS-like defaults: 5 seconds or 64 MiB. */
  public static final SyncPolicy DEFAULT = new SyncPolicy(Duration.ofSeconds(5), 64L << 20);

  /** Validates the values. */
  public SyncPolicy {
    if (interval.isNegative() || interval.isZero() || dirtyBytesThreshold <= 0) {
      throw new IllegalArgumentException(
          "sync interval and dirty threshold must be positive: "
              + interval
              + ", "
              + dirtyBytesThreshold);
    }
  }
}
