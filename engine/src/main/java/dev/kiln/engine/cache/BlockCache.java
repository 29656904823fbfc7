package dev.kiln.engine.cache;

import dev.kiln.engine.block.BlockPointer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded cache of verified, decompressed blocks: a segmented LRU. New blocks enter a
 * <em>probation</em> segment; a second hit promotes them to a <em>protected</em> segment (80 % of
 * the budget). A one-pass scan (a scrub, a large sequential read) therefore only churns probation
 * and cannot flush the hot set, which is the property of ARC that matters most here.
 *
 * <p>Memory is bounded by the byte budget regardless of pool size. Keys include the birth txg and
 * checksum, so a block rewritten at the same offset never matches a stale entry; frees also
 * invalidate explicitly. Callers must not modify the arrays handed in or out.
 */
public final class BlockCache {

  private record Key(int vdev, long offset, long birthTxg, long checksum) {
    static Key of(BlockPointer bp) {
      return new Key(bp.vdev(), bp.offset(), bp.birthTxg(), bp.checksum());
    }
  }

  private final long capacityBytes;
  private final long protectedCapacity;
  private final LinkedHashMap<Key, byte[]> probation = new LinkedHashMap<>(16, 0.75f, true);
  private final LinkedHashMap<Key, byte[]> protectedSegment = new LinkedHashMap<>(16, 0.75f, true);
  private long probationBytes;
  private long protectedBytes;
  private long hits;
  private long misses;
  private long evictions;

  /** A cache holding at most {@code capacityBytes} bytes of block data (0 disables it). */
  public BlockCache(long capacityBytes) {
    if (capacityBytes < 0) {
      throw new IllegalArgumentException("cache capacity must be >= 0: " + capacityBytes);
    }
    this.capacityBytes = capacityBytes;
    this.protectedCapacity = capacityBytes / 5 * 4;
  }

  /** The cached logical bytes of {@code pointer}'s block, or null. */
  public synchronized byte[] get(BlockPointer pointer) {
    Key key = Key.of(pointer);
    byte[] data = protectedSegment.get(key);
    if (data != null) {
      hits++;
      return data;
    }
    data = probation.remove(key);
    if (data == null) {
      misses++;
      return null;
    }
    hits++;
    probationBytes -= data.length;
    protectedSegment.put(key, data);
    protectedBytes += data.length;
    demoteOverflow();
    return data;
  }

  /** Caches {@code logical} (verified bytes) for {@code pointer}. */
  public synchronized void put(BlockPointer pointer, byte[] logical) {
    if (logical.length > capacityBytes / 4) {
      return; // one huge block must not wipe the cache
    }
    Key key = Key.of(pointer);
    if (protectedSegment.containsKey(key) || probation.containsKey(key)) {
      return;
    }
    probation.put(key, logical);
    probationBytes += logical.length;
    evictOverflow();
  }

  /** Drops {@code pointer}'s block (it was freed; its space may be rewritten). */
  public synchronized void invalidate(BlockPointer pointer) {
    Key key = Key.of(pointer);
    byte[] data = probation.remove(key);
    if (data != null) {
      probationBytes -= data.length;
    }
    data = protectedSegment.remove(key);
    if (data != null) {
      protectedBytes -= data.length;
    }
  }

  /** Current statistics. */
  public synchronized CacheStats stats() {
    return new CacheStats(
        capacityBytes,
        probationBytes + protectedBytes,
        probation.size() + protectedSegment.size(),
        hits,
        misses,
        evictions);
  }

  private void demoteOverflow() {
    Iterator<Map.Entry<Key, byte[]>> it = protectedSegment.entrySet().iterator();
    while (protectedBytes > protectedCapacity && it.hasNext()) {
      Map.Entry<Key, byte[]> eldest = it.next();
      it.remove();
      protectedBytes -= eldest.getValue().length;
      probation.put(eldest.getKey(), eldest.getValue());
      probationBytes += eldest.getValue().length;
    }
    evictOverflow();
  }

  private void evictOverflow() {
    Iterator<Map.Entry<Key, byte[]>> it = probation.entrySet().iterator();
    while (probationBytes + protectedBytes > capacityBytes && it.hasNext()) {
      Map.Entry<Key, byte[]> eldest = it.next();
      it.remove();
      probationBytes -= eldest.getValue().length;
      evictions++;
    }
    Iterator<Map.Entry<Key, byte[]>> pit = protectedSegment.entrySet().iterator();
    while (probationBytes + protectedBytes > capacityBytes && pit.hasNext()) {
      Map.Entry<Key, byte[]> eldest = pit.next();
      pit.remove();
      protectedBytes -= eldest.getValue().length;
      evictions++;
    }
  }
}
