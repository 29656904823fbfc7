package dev.kiln.engine.zil;

import dev.kiln.engine.block.BlockPointer;
import java.io.IOException;
import java.nio.ByteBuffer;

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
}
