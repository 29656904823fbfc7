package dev.kiln.engine.block;

import java.nio.ByteBuffer;

/**
 * A block compressed and checksummed ahead of its write. Encoding is a pure function of the bytes,
 * so callers do it before taking a dataset's lock and only allocate and write under it: the
 * expensive part of a write then runs on every core at once.
 *
 * @param logical the block's logical bytes (owned by this record; the block cache keeps them)
 * @param stored the bytes to store: {@code logical} itself when compression did not pay
 * @param compression the algorithm {@code stored} is compressed with ({@code OFF} if not)
 * @param checksum the checksum of {@code stored}
 */
public record EncodedBlock(byte[] logical, byte[] stored, Compression compression, long checksum) {

  /** Copies the remaining bytes of {@code data} (leaving its position) and encodes them. */
  public static EncodedBlock encode(ByteBuffer data, Compression compression) {
    byte[] logical = new byte[data.remaining()];
    data.duplicate().get(logical);
    return encodeOwned(logical, compression);
  }

  /** Encodes {@code logical}, which the caller hands over and must not change afterwards. */
  public static EncodedBlock encodeOwned(byte[] logical, Compression compression) {
    byte[] compressed = CompressionCodec.compress(compression, logical, 0, logical.length);
    byte[] stored = compressed == null ? logical : compressed;
    Compression used = compressed == null ? Compression.OFF : compression;
    return new EncodedBlock(logical, stored, used, BlockChecksum.of(stored, 0, stored.length));
  }

  /** The logical size in bytes. */
  public int logicalSize() {
    return logical.length;
  }
}
