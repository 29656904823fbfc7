/**
 * The block cache: verified, decompressed blocks kept in memory within a configured byte budget.
 *
 * <p>A segmented LRU (probation and protected segments) rather than full ARC: it gives the scan
 * resistance that matters (a scrub or a large sequential read cannot flush the hot set) with a
 * fraction of the bookkeeping. Memory is bounded by the budget, independent of pool size. Only
 * bytes that passed checksum verification enter the cache, keyed by (vdev, offset, birth txg,
 * checksum) so a rewritten location can never match a stale entry; frees invalidate explicitly.
 * Scrub bypasses the cache so it reads what is on disk.
 */
package dev.kiln.engine.cache;
