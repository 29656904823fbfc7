package dev.kiln.engine.block;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Copy-on-write block storage: the seam between the pool (allocation, checksums, compression,
 * caching, transaction groups) and the structures built on it (B+trees, object sets).
 *
 * <p>Blocks are immutable once written. A structure changes by writing new blocks and freeing old
 * ones; a freed block's space is reused only after the transaction group that freed it is synced,
 * so the last committed state stays readable until the next one is durable.
 */
public interface BlockStore {

  /** Stores {@code data} (all remaining bytes) as a new block born in {@code txg}. */
  BlockPointer write(ByteBuffer data, Compression compression, long txg) throws IOException;

  /**
   * Stores a block encoded ahead (see {@link EncodedBlock}) as a new block born in {@code txg}.
   * Stores that do their own encoding re-encode its logical bytes.
   */
  default BlockPointer write(EncodedBlock block, long txg) throws IOException {
    return write(block.logicalBytes(), block.compression(), txg);
  }

  /**
   * Stores blocks encoded ahead as new blocks born in {@code txg}, all or nothing: on failure none
   * of them is stored. Stores may allocate them back to back and write them with one device write
   * (the consecutive whole records of one large write).
   */
  default List<BlockPointer> writeAll(List<EncodedBlock> blocks, long txg) throws IOException {
    List<BlockPointer> written = new ArrayList<>(blocks.size());
    try {
      for (EncodedBlock b : blocks) {
        written.add(write(b, txg));
      }
    } catch (IOException | RuntimeException e) {
      for (BlockPointer p : written) {
        try {
          free(p, txg);
        } catch (IOException | RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    return written;
  }

  /**
   * Reads and verifies a block, returning its logical (decompressed) bytes as a read-only buffer
   * (possibly a view of the block cache: copy it to change it).
   *
   * @throws ChecksumMismatchException if the stored bytes do not match the pointer's checksum
   */
  ByteBuffer read(BlockPointer pointer) throws IOException;

  /**
   * Reads and verifies a whole block into {@code dst}: its {@link BlockPointer#logicalSize()} bytes
   * from {@code dst}'s position, which advances. For readers that want the whole record (a
   * sequential scan): stores that cache may leave a block read this way out of the cache, since a
   * scan does not come back to it. On failure {@code dst}'s position does not move.
   *
   * @throws ChecksumMismatchException if the stored bytes do not match the pointer's checksum
   */
  default void readInto(BlockPointer pointer, ByteBuffer dst) throws IOException {
    ByteBuffer b = read(pointer);
    if (b.remaining() != pointer.logicalSize()) {
      throw new CorruptMetadataException(
          "block holds %d bytes, its pointer says %d"
              .formatted(b.remaining(), pointer.logicalSize()));
    }
    dst.put(b);
  }

  /**
   * Reads whole blocks like {@link #readInto} each into its target, in order; stores may fetch
   * blocks that lie back to back on a device with one device read. On failure the failing block's
   * target does not move; targets before it may have been filled.
   */
  default void readAllInto(List<BlockPointer> pointers, List<ByteBuffer> targets)
      throws IOException {
    for (int i = 0; i < pointers.size(); i++) {
      readInto(pointers.get(i), targets.get(i));
    }
  }

  /** Releases a block in {@code txg}; its space becomes reusable once {@code txg} is synced. */
  void free(BlockPointer pointer, long txg) throws IOException;
}
