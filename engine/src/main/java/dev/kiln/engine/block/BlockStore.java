package dev.kiln.engine.block;

import java.io.IOException;
import java.nio.ByteBuffer;

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
    return write(ByteBuffer.wrap(block.logical()), block.compression(), txg);
  }

  /**
   * Reads and verifies a block, returning its logical (decompressed) bytes as a read-only buffer
   * (possibly a view of the block cache: copy it to change it).
   *
   * @throws ChecksumMismatchException if the stored bytes do not match the pointer's checksum
   */
  ByteBuffer read(BlockPointer pointer) throws IOException;

  /** Releases a block in {@code txg}; its space becomes reusable once {@code txg} is synced. */
  void free(BlockPointer pointer, long txg) throws IOException;
}
