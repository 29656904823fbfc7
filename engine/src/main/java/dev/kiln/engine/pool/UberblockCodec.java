package dev.kiln.engine.pool;

import dev.kiln.engine.block.BlockChecksum;
import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.CorruptMetadataException;
import java.nio.ByteBuffer;

/**
 * Binary encoding of an {@link Uberblock} slot (layout in the package documentation): a 256-byte
 * payload whose last 8 bytes checksum the first 248, then zeros to the slot size.
 */
public final class UberblockCodec {

  /** "KILNUBER". */
  public static final long MAGIC = 0x4B494C4E55424552L;

  /** Bytes that carry meaning in every slot. */
  public static final int PAYLOAD = 256;

  static final int CHECKSUM_OFFSET = PAYLOAD - 8;
  private static final int HAS_SPACE_MAP = 1;
  private static final int HAS_META_ROOT = 2;

  private UberblockCodec() {}

  /** Encodes {@code ub} into a slot of {@code slotSize} bytes. */
  public static ByteBuffer encode(Uberblock ub, int slotSize) {
    ByteBuffer buf = ByteBuffer.allocate(slotSize);
    int flags =
        (ub.spaceMapHead() != null ? HAS_SPACE_MAP : 0)
            | (ub.metaRoot() != null ? HAS_META_ROOT : 0);
    buf.putLong(MAGIC)
        .putInt(ub.version())
        .putInt(flags)
        .putLong(ub.poolGuid())
        .putLong(ub.txg())
        .putLong(ub.timestampMillis())
        .putLong(ub.guidSum());
    putPointer(buf, ub.spaceMapHead());
    putPointer(buf, ub.metaRoot());
    buf.putLong(
        CHECKSUM_OFFSET, BlockChecksum.of(buf.duplicate().position(0).limit(CHECKSUM_OFFSET)));
    return buf.clear();
  }

  /**
   * Decodes a slot. An empty (never written) slot and any damage alike are a {@link
   * CorruptMetadataException}; the ring scan treats both as "no uberblock here".
   */
  public static Uberblock decode(ByteBuffer slot) throws CorruptMetadataException {
    ByteBuffer buf = slot.slice();
    if (buf.remaining() < PAYLOAD) {
      throw new CorruptMetadataException(
          "uberblock slot is truncated: " + buf.remaining() + " bytes");
    }
    long magic = buf.getLong(0);
    if (magic != MAGIC) {
      throw new CorruptMetadataException("no uberblock (magic %016x)".formatted(magic));
    }
    long stored = buf.getLong(CHECKSUM_OFFSET);
    long computed = BlockChecksum.of(buf.duplicate().position(0).limit(CHECKSUM_OFFSET));
    if (stored != computed) {
      throw new CorruptMetadataException(
          "uberblock checksum mismatch: stored %016x, computed %016x".formatted(stored, computed));
    }
    buf.position(8);
    int version = buf.getInt();
    int flags = buf.getInt();
    if ((flags & ~(HAS_SPACE_MAP | HAS_META_ROOT)) != 0) {
      throw new CorruptMetadataException("uberblock has unknown flags " + flags);
    }
    long poolGuid = buf.getLong();
    long txg = buf.getLong();
    long timestamp = buf.getLong();
    long guidSum = buf.getLong();
    if (txg < 0) {
      throw new CorruptMetadataException("uberblock txg " + txg);
    }
    BlockPointer spaceMap = BlockPointer.readFrom(buf);
    BlockPointer metaRoot = BlockPointer.readFrom(buf);
    return new Uberblock(
        version,
        poolGuid,
        txg,
        timestamp,
        guidSum,
        (flags & HAS_SPACE_MAP) != 0 ? spaceMap : null,
        (flags & HAS_META_ROOT) != 0 ? metaRoot : null);
  }

  private static void putPointer(ByteBuffer buf, BlockPointer bp) {
    if (bp != null) {
      bp.writeTo(buf);
    } else {
      buf.position(buf.position() + BlockPointer.SIZE);
    }
  }
}
