package dev.kiln.engine.fs;

import dev.kiln.engine.api.error.NoSpaceException;
import dev.kiln.engine.api.error.QuotaExceededException;
import dev.kiln.engine.block.BlockChecksum;
import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.BlockStore;
import dev.kiln.engine.block.ChecksumMismatchException;
import dev.kiln.engine.block.ChecksumType;
import dev.kiln.engine.block.Compression;
import dev.kiln.engine.block.CompressionCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * In-memory block store for object-layer tests: compresses (kept only when worth it), checksums the
 * stored bytes, verifies on read, and frees like a pool: a free takes effect when its txg is
 * synced, and a block born at or before the newest snapshot goes to a deadlist instead (so
 * snapshots stay readable). Double frees and frees of unknown blocks fail loudly.
 */
public final class TestBlockStore implements BlockStore {

  private final Map<Long, byte[]> bytes = new HashMap<>();
  private final Set<BlockPointer> live = new HashSet<>();
  private final List<BlockPointer> pendingFrees = new ArrayList<>();
  private final Set<BlockPointer> pendingSet = new HashSet<>();
  private long nextOffset = 4096;
  private long usedBytes;
  private long snapshotTxg = -1;
  private long pendingFreeBytes;
  private long limitBytes;
  private boolean limitIsQuota;

  /** Refuses writes beyond {@code bytes} charged, as a quota or as a full pool. */
  public synchronized void limit(long bytes, boolean quota) {
    limitBytes = bytes;
    limitIsQuota = quota;
  }

  /** Bytes charged: stored bytes not freed, counting frees of the open txg as done. */
  public synchronized long chargedBytes() {
    return usedBytes - pendingFreeBytes;
  }

  @Override
  public synchronized BlockPointer write(ByteBuffer data, Compression compression, long txg)
      throws IOException {
    byte[] logical = new byte[data.remaining()];
    data.get(logical);
    byte[] packed = CompressionCodec.compress(compression, logical, 0, logical.length);
    Compression used = packed == null ? Compression.OFF : compression;
    byte[] stored = packed == null ? logical : packed;
    if (limitBytes > 0 && chargedBytes() + stored.length > limitBytes) {
      if (limitIsQuota) {
        throw new QuotaExceededException("quota of " + limitBytes + " bytes exceeded");
      }
      throw new NoSpaceException("no space left (" + limitBytes + " bytes)");
    }
    BlockPointer p =
        new BlockPointer(
            0,
            nextOffset,
            stored.length,
            logical.length,
            txg,
            used.id(),
            ChecksumType.CRC32C_CRC32.id(),
            BlockChecksum.of(stored, 0, stored.length));
    nextOffset += (stored.length + 511) & ~511L;
    bytes.put(p.offset(), stored);
    live.add(p);
    usedBytes += stored.length;
    return p;
  }

  @Override
  public synchronized ByteBuffer read(BlockPointer pointer) throws IOException {
    byte[] stored = bytes.get(pointer.offset());
    if (stored == null) {
      throw new IllegalStateException("read of a freed or unknown block " + pointer);
    }
    long actual = BlockChecksum.of(stored, 0, stored.length);
    if (actual != pointer.checksum() || stored.length != pointer.physicalSize()) {
      throw new ChecksumMismatchException(pointer, actual);
    }
    return ByteBuffer.wrap(
        CompressionCodec.decompress(
            Compression.ofId(pointer.compression()),
            stored,
            0,
            stored.length,
            pointer.logicalSize()));
  }

  @Override
  public synchronized void free(BlockPointer pointer, long txg) {
    if (!live.contains(pointer) || pendingSet.contains(pointer)) {
      throw new IllegalStateException("free of a dead or already freed block " + pointer);
    }
    if (txg < pointer.birthTxg()) {
      throw new IllegalStateException("freed in txg " + txg + " before its birth " + pointer);
    }
    pendingFrees.add(pointer);
    pendingSet.add(pointer);
    if (pointer.birthTxg() > snapshotTxg) {
      pendingFreeBytes += pointer.physicalSize();
    }
  }

  /** The txg was synced: its frees take effect (or go to the deadlist if a snapshot holds them). */
  synchronized void synced() {
    for (BlockPointer p : pendingFrees) {
      live.remove(p);
      if (p.birthTxg() > snapshotTxg) {
        usedBytes -= bytes.remove(p.offset()).length;
      }
    }
    pendingFrees.clear();
    pendingSet.clear();
    pendingFreeBytes = 0;
  }

  /** A crash: frees of the unsynced txg never happened. */
  synchronized void dropPendingFrees() {
    pendingFrees.clear();
    pendingSet.clear();
    pendingFreeBytes = 0;
  }

  /** Blocks born up to {@code txg} are now held by a snapshot. */
  synchronized void holdSnapshot(long txg) {
    snapshotTxg = txg;
  }

  /** Flips one bit of the stored bytes of {@code pointer}. */
  public synchronized void corrupt(BlockPointer pointer) {
    bytes.get(pointer.offset())[0] ^= 0x10;
  }

  /** Blocks written and not freed. */
  public synchronized Set<BlockPointer> live() {
    return Set.copyOf(live);
  }

  synchronized long usedBytes() {
    return usedBytes;
  }
}
