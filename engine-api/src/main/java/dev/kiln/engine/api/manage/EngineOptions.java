package dev.kiln.engine.api.manage;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a storage engine is opened.
 *
 * @param clock time source for timestamps and transaction group timing
 * @param cacheBytes upper bound of the block cache
 * @param txgInterval how often open transaction groups are synced in the background (zero: only on
 *     demand, for tests and tools)
 */
public record EngineOptions(Clock clock, long cacheBytes, Duration txgInterval) {

  /** Validates. */
  public EngineOptions {
    Objects.requireNonNull(clock);
    Objects.requireNonNull(txgInterval);
    if (cacheBytes < 1 << 20) {
      throw new IllegalArgumentException("the block cache needs at least 1 MiB");
    }
    if (txgInterval.isNegative()) {
      throw new IllegalArgumentException("txg interval must not be negative");
    }
  }

  /** Defaults for a daemon: 256 MiB cache, a txg every 5 seconds. */
  public static EngineOptions defaults(Clock clock) {
    return new EngineOptions(clock, 256L << 20, Duration.ofSeconds(5));
  }
}
