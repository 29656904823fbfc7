package dev.kiln.engine.block;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/** Computes {@link ChecksumType#CRC32C_CRC32}: CRC-32C in the high 32 bits, CRC-32 in the low. */
public final class BlockChecksum {

  private BlockChecksum() {}

  /** Checksum of the bytes between the buffer's position and limit; the buffer is not moved. */
  public static long of(ByteBuffer data) {
    CRC32C high = new CRC32C();
    high.update(data.duplicate());
    CRC32 low = new CRC32();
    low.update(data.duplicate());
    return (high.getValue() << 32) | low.getValue();
  }

  /** Checksum of {@code length} bytes of {@code data} from {@code offset}. */
  public static long of(byte[] data, int offset, int length) {
    return of(ByteBuffer.wrap(data, offset, length));
  }
}
