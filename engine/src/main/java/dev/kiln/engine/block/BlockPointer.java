package dev.kiln.engine.block;

import java.nio.ByteBuffer;

/**
 * Where a block lives and how to verify it: the unit of copy-on-write references.
 *
 * <p>The checksum covers the stored (compressed, later encrypted) bytes, so scrub and raw send need
 * no keys. A tree of block pointers is a Merkle tree: verifying a parent's bytes verifies the
 * pointers it holds, including their checksums.
 *
 * @param vdev index of the device in the pool
 * @param offset byte offset on that device
 * @param physicalSize stored size in bytes (after compression)
 * @param logicalSize size in bytes after decompression
 * @param birthTxg transaction group that wrote this block (drives snapshot freeing)
 * @param compression {@link Compression#id()} of the stored bytes
 * @param checksumType {@link ChecksumType#id()}
 * @param checksum checksum of the stored bytes
 */
public record BlockPointer(
    int vdev,
    long offset,
    int physicalSize,
    int logicalSize,
    long birthTxg,
    byte compression,
    byte checksumType,
    long checksum) {

  /** Serialized size in bytes; fixed so that tree nodes can lay pointers out in arrays. */
  public static final int SIZE = 4 + 8 + 4 + 4 + 8 + 1 + 1 + 8;

  /** Writes this pointer at the buffer's position, advancing it by {@link #SIZE}. */
  public void writeTo(ByteBuffer buf) {
    buf.putInt(vdev)
        .putLong(offset)
        .putInt(physicalSize)
        .putInt(logicalSize)
        .putLong(birthTxg)
        .put(compression)
        .put(checksumType)
        .putLong(checksum);
  }

  /** Reads a pointer at the buffer's position, advancing it by {@link #SIZE}. */
  public static BlockPointer readFrom(ByteBuffer buf) {
    return new BlockPointer(
        buf.getInt(),
        buf.getLong(),
        buf.getInt(),
        buf.getInt(),
        buf.getLong(),
        buf.get(),
        buf.get(),
        buf.getLong());
  }
}
