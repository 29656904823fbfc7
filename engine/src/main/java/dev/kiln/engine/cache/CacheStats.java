package dev.kiln.engine.cache;

/**
 * A snapshot of {@link BlockCache} counters.
 *
 * @param capacityBytes configured budget
 * @param usedBytes bytes of block data held
 * @param entries blocks held
 * @param hits lookups served from the cache
 * @param misses lookups that went to disk
 * @param evictions blocks dropped to stay within budget
 */
public record CacheStats(
    long capacityBytes, long usedBytes, long entries, long hits, long misses, long evictions) {}
