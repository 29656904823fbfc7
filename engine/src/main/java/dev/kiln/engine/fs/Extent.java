package dev.kiln.engine.fs;

import dev.kiln.engine.api.error.CorruptDataException;
import dev.kiln.engine.block.BlockPointer;
import java.nio.ByteBuffer;

/**
 * An extent item: the data of one record of an object. A data extent points at a block holding the
 * record's first {@code length} bytes (the rest of the record reads as zeros); a preallocated
 * extent holds no block and reads as zeros.
 *
 * @param length logical bytes covered from the record's start
 * @param pointer the data block, or null when preallocated
 */
record Extent(int length, BlockPointer pointer) {

  private static final int DATA = 1;
  private static final int PREALLOCATED = 2;

  boolean preallocated() {
    return pointer == null;
  }

  /** Bytes this extent adds to an inode's allocated size. */
  long allocatedBytes() {
    return pointer == null ? length : pointer.physicalSize();
  }

  byte[] encode() {
    ItemWriter w = new ItemWriter().u8(pointer == null ? PREALLOCATED : DATA).i32(length);
    if (pointer != null) {
      ByteBuffer b = ByteBuffer.allocate(BlockPointer.SIZE);
      pointer.writeTo(b);
      w.bytes(b.array());
    }
    return w.toBytes();
  }

  static Extent decode(byte[] value) throws CorruptDataException {
    ItemReader r = new ItemReader(value, "extent");
    int kind = r.u8();
    int length = r.i32();
    if (length < 0) {
      throw r.corrupt("negative length");
    }
    BlockPointer p = null;
    if (kind == DATA) {
      p = BlockPointer.readFrom(ByteBuffer.wrap(r.bytes(BlockPointer.SIZE)));
      if (p.logicalSize() != length) {
        throw r.corrupt("block holds " + p.logicalSize() + " bytes, extent claims " + length);
      }
    } else if (kind != PREALLOCATED) {
      throw r.corrupt("unknown kind " + kind);
    }
    r.end();
    return new Extent(length, p);
  }
}
