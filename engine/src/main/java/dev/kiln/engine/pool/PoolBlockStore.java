package dev.kiln.engine.pool;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.BlockStore;
import dev.kiln.engine.block.ChecksumType;
import dev.kiln.engine.block.Compression;
import dev.kiln.engine.block.EncodedBlock;
import dev.kiln.engine.cache.BlockCache;
import dev.kiln.engine.space.Extent;
import dev.kiln.engine.space.SpaceAllocator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pool's {@link BlockStore}: compress, checksum, allocate, write; read through the cache with
 * verification on every device read; free into the allocator's deferred lists. Thread-safe.
 */
public final class PoolBlockStore implements BlockStore {

  private final BlockIo io;
  private final SpaceAllocator allocator;
  private final BlockCache cache;
  private final TxgState txgs;
  private final AtomicLong dirtyBytes = new AtomicLong();

  PoolBlockStore(BlockIo io, SpaceAllocator allocator, BlockCache cache, TxgState txgs) {
    this.io = io;
    this.allocator = allocator;
    this.cache = cache;
    this.txgs = txgs;
  }

  @Override
  public BlockPointer write(ByteBuffer data, Compression compression, long txg) throws IOException {
    // A copy the block owns, so that it can be cached (tree nodes, records read-modify-written).
    byte[] logical = new byte[data.remaining()];
    data.duplicate().get(logical);
    BlockPointer bp = write(EncodedBlock.encodeOwned(logical, compression), txg);
    data.position(data.limit());
    return bp;
  }

  @Override
  public BlockPointer write(EncodedBlock block, long txg) throws IOException {
    txgs.checkWritable(txg);
    if (block.logicalSize() > BlockIo.MAX_BLOCK_SIZE) {
      throw new IllegalArgumentException(
          "block of %d bytes exceeds the %d byte maximum"
              .formatted(block.logicalSize(), BlockIo.MAX_BLOCK_SIZE));
    }
    Extent extent = allocator.allocate(io.allocatedSize(block.storedSize()), txg);
    BlockPointer bp = pointer(block, extent, txg);
    try {
      io.write(extent, block);
    } catch (IOException e) {
      allocator.free(extent, txg, txg);
      throw e;
    }
    dirtyBytes.addAndGet(extent.length());
    if (block.logical() != null) {
      // Keep what was written in the cache when the block owns its bytes: a small write into a
      // large record may read the record back soon (read-modify-write). Borrowed bytes (a whole
      // record of a large write, a dirty record being stored) are not copied just to be cached.
      cache.put(bp, block.logical());
    }
    return bp;
  }

  /**
   * Stores the blocks back to back when the allocator has room for them in one piece, with one
   * device write per megabyte: a 1 MiB volume write of 64 records made 64 allocations and 64 system
   * calls under the dataset's lock.
   */
  @Override
  public List<BlockPointer> writeAll(List<EncodedBlock> blocks, long txg) throws IOException {
    txgs.checkWritable(txg);
    long[] lengths = new long[blocks.size()];
    for (int i = 0; i < lengths.length; i++) {
      EncodedBlock block = blocks.get(i);
      if (block.logicalSize() > BlockIo.MAX_BLOCK_SIZE) {
        throw new IllegalArgumentException(
            "block of %d bytes exceeds the %d byte maximum"
                .formatted(block.logicalSize(), BlockIo.MAX_BLOCK_SIZE));
      }
      lengths[i] = io.allocatedSize(block.storedSize());
    }
    List<Extent> extents = allocator.allocateRun(lengths, txg);
    try {
      io.writeAll(extents, blocks);
    } catch (IOException | RuntimeException e) {
      for (Extent x : extents) {
        allocator.free(x, txg, txg);
      }
      throw e;
    }
    List<BlockPointer> out = new ArrayList<>(blocks.size());
    long total = 0;
    for (int i = 0; i < lengths.length; i++) {
      EncodedBlock block = blocks.get(i);
      BlockPointer bp = pointer(block, extents.get(i), txg);
      out.add(bp);
      total += lengths[i];
      if (block.logical() != null) {
        cache.put(bp, block.logical());
      }
    }
    dirtyBytes.addAndGet(total);
    return out;
  }

  private static BlockPointer pointer(EncodedBlock block, Extent extent, long txg) {
    return new BlockPointer(
        extent.vdev(),
        extent.offset(),
        block.storedSize(),
        block.logicalSize(),
        txg,
        block.compression().id(),
        ChecksumType.CRC32C_CRC32.id(),
        block.checksum());
  }

  @Override
  public ByteBuffer read(BlockPointer pointer) throws IOException {
    txgs.checkUsable();
    byte[] cached = cache.get(pointer);
    if (cached == null) {
      cached = io.read(pointer);
      cache.put(pointer, cached);
    }
    // A read-only view: the cache must stay pristine, and copying a whole record for every small
    // read cost more than the read itself.
    return ByteBuffer.wrap(cached).asReadOnlyBuffer();
  }

  @Override
  public void readInto(BlockPointer pointer, ByteBuffer dst) throws IOException {
    txgs.checkUsable();
    byte[] cached = cache.get(pointer);
    if (cached != null) {
      dst.put(cached);
      return;
    }
    // Not cached: a whole-record read is a scan's, which would only churn the cache (and the
    // garbage collector with it); the block is decompressed straight into the caller's buffer.
    io.readInto(pointer, dst);
  }

  @Override
  public void readAllInto(List<BlockPointer> pointers, List<ByteBuffer> targets)
      throws IOException {
    txgs.checkUsable();
    List<BlockPointer> missed = new ArrayList<>(pointers.size());
    List<ByteBuffer> missedTargets = new ArrayList<>(pointers.size());
    for (int i = 0; i < pointers.size(); i++) {
      byte[] cached = cache.get(pointers.get(i));
      if (cached != null) {
        targets.get(i).put(cached);
      } else {
        missed.add(pointers.get(i));
        missedTargets.add(targets.get(i));
      }
    }
    io.readRunsInto(missed, missedTargets);
  }

  @Override
  public void free(BlockPointer pointer, long txg) throws IOException {
    txgs.checkWritable(txg);
    if (pointer.birthTxg() > txg) {
      throw new IllegalArgumentException(
          "cannot free in txg %d a block born in txg %d".formatted(txg, pointer.birthTxg()));
    }
    cache.invalidate(pointer);
    allocator.free(io.extentOf(pointer), pointer.birthTxg(), txg);
  }

  /**
   * Allocates {@code bytes} in {@code txg} without writing anything: an intent-log reservation,
   * whose contents are written raw later and carry their own checksums. Its pointer's checksum is 0
   * and never verified (scrub skips log blocks). Writing zeros first cost a 128 KiB encode, a cache
   * insert and a buffered write that the log's O_DIRECT write then had to flush first.
   */
  BlockPointer reserveRaw(int bytes, long txg) throws IOException {
    txgs.checkWritable(txg);
    Extent extent = allocator.allocateLog(io.allocatedSize(bytes), txg);
    return new BlockPointer(
        extent.vdev(),
        extent.offset(),
        bytes,
        bytes,
        txg,
        Compression.OFF.id(),
        ChecksumType.CRC32C_CRC32.id(),
        0L);
  }

  /** Claims a block written after the last committed txg (intent log replay) in {@code txg}. */
  void claim(BlockPointer pointer, long txg) throws IOException {
    txgs.checkWritable(txg);
    // Verify first: a claim of garbage would make garbage permanent.
    io.read(pointer);
    allocator.claim(io.extentOf(pointer), txg);
  }

  /** Writes an unrecorded metadata block (a space map block) in {@code txg}. */
  BlockPointer writeMetadata(ByteBuffer data, long txg) throws IOException {
    EncodedBlock encoded = EncodedBlock.encode(data, Compression.LZ4);
    Extent extent = allocator.allocateMetadata(io.allocatedSize(encoded.storedSize()));
    io.write(extent, encoded);
    return pointer(encoded, extent, txg);
  }

  /** Frees an unrecorded metadata block in {@code txg}. */
  void freeMetadata(BlockPointer pointer, long txg) {
    allocator.freeMetadata(io.extentOf(pointer), txg);
  }

  /** Reads and verifies bypassing the cache (scrub, import). */
  byte[] readUncached(BlockPointer pointer) throws IOException {
    return io.read(pointer);
  }

  /** Bytes allocated by block writes since the last sync began. */
  long dirtyBytes() {
    return dirtyBytes.get();
  }

  void resetDirtyBytes() {
    dirtyBytes.set(0);
  }
}
