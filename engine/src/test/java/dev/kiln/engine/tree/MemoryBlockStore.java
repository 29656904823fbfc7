package dev.kiln.engine.tree;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.BlockStore;
import dev.kiln.engine.block.ChecksumMismatchException;
import dev.kiln.engine.block.ChecksumType;
import dev.kiln.engine.block.Compression;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * In-memory block store for tree tests: checksums every block (CRC-32C high, CRC-32 low), verifies
 * on read, counts reads and writes, tracks live and freed blocks, refuses reads of freed blocks and
 * double frees (both are bugs of the caller), and lets tests corrupt stored bytes.
 */
final class MemoryBlockStore implements BlockStore {

  private final Map<Long, byte[]> bytesByOffset = new HashMap<>();
  private final Set<BlockPointer> live = new HashSet<>();
  private final Set<BlockPointer> freed = new HashSet<>();
  private long nextOffset = 4096;
  private long reads;
  private long writes;

  private long writesUntilFailure = Long.MAX_VALUE;

  /** Makes the write after the next {@code n} successful ones fail (simulated I/O error). */
  synchronized void failWriteAfter(long n) {
    writesUntilFailure = n;
  }

  @Override
  public synchronized BlockPointer write(ByteBuffer data, Compression compression, long txg)
      throws IOException {
    if (writesUntilFailure-- == 0) {
      writesUntilFailure = Long.MAX_VALUE;
      throw new IOException("injected write failure");
    }
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    // Stored uncompressed: the pointer says so, as a real store does when compression saves little.
    BlockPointer p =
        new BlockPointer(
            0,
            nextOffset,
            bytes.length,
            bytes.length,
            txg,
            Compression.OFF.id(),
            ChecksumType.CRC32C_CRC32.id(),
            checksum(bytes));
    nextOffset += (bytes.length + 511) & ~511L;
    bytesByOffset.put(p.offset(), bytes);
    live.add(p);
    writes++;
    return p;
  }

  @Override
  public synchronized ByteBuffer read(BlockPointer pointer) throws IOException {
    reads++;
    if (freed.contains(pointer)) {
      throw new IllegalStateException("read of freed block " + pointer);
    }
    byte[] bytes = bytesByOffset.get(pointer.offset());
    if (bytes == null) {
      throw new IOException("no block at offset " + pointer.offset());
    }
    long actual = checksum(bytes);
    if (actual != pointer.checksum() || bytes.length != pointer.physicalSize()) {
      throw new ChecksumMismatchException(pointer, actual);
    }
    return ByteBuffer.wrap(bytes.clone());
  }

  @Override
  public synchronized void free(BlockPointer pointer, long txg) {
    if (!live.remove(pointer)) {
      throw new IllegalStateException(
          (freed.contains(pointer) ? "double free of " : "free of unknown block ") + pointer);
    }
    if (txg < pointer.birthTxg()) {
      throw new IllegalStateException("freed in txg " + txg + " before its birth: " + pointer);
    }
    freed.add(pointer);
    bytesByOffset.remove(pointer.offset());
  }

  /** Flips one bit of the stored bytes of {@code pointer}. */
  synchronized void corrupt(BlockPointer pointer, int byteIndex) {
    byte[] bytes = bytesByOffset.get(pointer.offset());
    bytes[byteIndex % bytes.length] ^= 0x10;
  }

  /** Blocks written and not freed. */
  synchronized Set<BlockPointer> live() {
    return Set.copyOf(live);
  }

  synchronized long reads() {
    return reads;
  }

  synchronized long writes() {
    return writes;
  }

  static long checksum(byte[] bytes) {
    CRC32C c = new CRC32C();
    c.update(bytes);
    CRC32 d = new CRC32();
    d.update(bytes);
    return (c.getValue() << 32) | d.getValue();
  }
}
