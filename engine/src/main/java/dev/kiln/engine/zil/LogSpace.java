package dev.kiln.engine.zil;

import dev.kiln.engine.block.BlockPointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/** Where a dataset's log blocks live: reservations from the pool plus raw device access. */
public interface LogSpace {

  /** Reserves a block of {@code bytes} born in {@code txg}; its contents are written later. */
  BlockPointer reserve(int bytes, long txg) throws IOException;

  /** Writes {@code data} at the start of the reserved block (not durable until {@link #flush}). */
  void write(BlockPointer reserved, ByteBuffer data) throws IOException;

  /** Reads the whole reserved block raw (no pool checksum applies: log blocks carry their own). */
  ByteBuffer read(BlockPointer reserved) throws IOException;

  /** Makes every write so far durable. */
  void flush() throws IOException;

  /** A log block's contents, to be written at the start of its reservation. */
  record BlockWrite(BlockPointer block, ByteBuffer data) {}

  /**
   * Writes the blocks and returns once they are durable (log blocks are self-contained: nothing
   * else needs to be). Called without the dataset lock; a space that can write durably in one step
   * (O_DIRECT|O_DSYNC) overrides the default write-then-flush.
   */
  default void writeDurably(List<BlockWrite> writes) throws IOException {
    for (BlockWrite w : writes) {
      write(w.block(), w.data());
    }
    flush();
  }
}
