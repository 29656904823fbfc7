package dev.kiln.engine.block;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A block compressed and checksummed ahead of its write. Encoding is a pure function of the bytes,
 * so callers do it before taking a dataset's lock and only allocate and write under it: the
 * expensive part of a write then runs on every core at once.
 *
 * <p>An encoding may borrow the caller's bytes instead of copying them (see {@link
 * #encode(ByteBuffer, Compression)}): it is then valid only while the caller keeps those bytes
 * unchanged, which every writer does until its write returns.
 *
 * @param logical the block's logical bytes when this record owns them (a store may cache them), or
 *     null when it only borrowed them
 * @param logicalSize the logical size in bytes
 * @param stored the bytes to store, from position to limit (a read-only view; {@code logical}
 *     itself, or the caller's bytes, when compression did not pay)
 * @param compression the algorithm {@code stored} is compressed with ({@code OFF} if not)
 * @param checksum the checksum of {@code stored}
 */
public record EncodedBlock(
    byte[] logical, int logicalSize, ByteBuffer stored, Compression compression, long checksum) {

  /**
   * Encodes the remaining bytes of {@code data} (leaving its position) without copying them: the
   * result borrows {@code data}'s bytes when they are stored uncompressed, and holds no logical
   * copy. The bytes must not change while the result is in use.
   */
  public static EncodedBlock encode(ByteBuffer data, Compression compression) {
    ByteBuffer logical = data.slice();
    byte[] compressed = CompressionCodec.compress(compression, logical);
    ByteBuffer stored = compressed == null ? logical : ByteBuffer.wrap(compressed);
    Compression used = compressed == null ? Compression.OFF : compression;
    return new EncodedBlock(
        null, logical.remaining(), stored.asReadOnlyBuffer(), used, BlockChecksum.of(stored));
  }

  /** Encodes {@code logical}, which the caller hands over and must not change afterwards. */
  public static EncodedBlock encodeOwned(byte[] logical, Compression compression) {
    EncodedBlock borrowed = encode(ByteBuffer.wrap(logical), compression);
    return new EncodedBlock(
        logical, logical.length, borrowed.stored(), borrowed.compression(), borrowed.checksum());
  }

  /** The stored size in bytes. */
  public int storedSize() {
    return stored.remaining();
  }

  /** The logical bytes: {@link #logical()} when owned, else decompressed from {@link #stored()}. */
  public ByteBuffer logicalBytes() throws IOException {
    if (logical != null) {
      return ByteBuffer.wrap(logical).asReadOnlyBuffer();
    }
    if (compression == Compression.OFF) {
      return stored.duplicate();
    }
    ByteBuffer out = ByteBuffer.allocate(logicalSize);
    CompressionCodec.decompress(compression, stored.duplicate(), out);
    return out.asReadOnlyBuffer();
  }
}
