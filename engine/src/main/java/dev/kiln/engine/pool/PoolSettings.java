package dev.kiln.engine.pool;

import java.time.Clock;

/**
 * Runtime settings shared by creating and importing (not stored on disk).
 *
 * @param clock source of uberblock timestamps
 * @param alertHook receiver of corruption and device alerts
 * @param cacheBytes block cache budget
 */
record PoolSettings(Clock clock, PoolAlertHook alertHook, long cacheBytes) {

  /** Default cache budget: 64 MiB. */
  static final long DEFAULT_CACHE_BYTES = 64L << 20;
}
