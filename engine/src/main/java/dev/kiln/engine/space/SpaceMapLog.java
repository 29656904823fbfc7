package dev.kiln.engine.space;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.CorruptMetadataException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Encoding of the on-disk space map: a <em>head</em> block listing <em>log</em> blocks in order,
 * each holding the ALLOC/FREE records of one txg (or, after condensing, ALLOC records of the whole
 * allocated state). All integers big-endian. See the package documentation for the layout.
 */
public final class SpaceMapLog {

  /** "KILNSPMH". */
  public static final long HEAD_MAGIC = 0x4B494C4E53504D48L;

  /** "KILNSPML". */
  public static final long LOG_MAGIC = 0x4B494C4E53504D4CL;

  /** Format version of head and log blocks. */
  public static final int VERSION = 1;

  /** Bytes per record: vdev u32, flags u32, offset u64, length u64. */
  public static final int RECORD_SIZE = 24;

  /** Records per log block (96 KiB of records). */
  public static final int RECORDS_PER_BLOCK = 4096;

  static final int LOG_HEADER = 24;
  static final int HEAD_HEADER = 24;

  /** Most log blocks a head may list; condensing keeps far fewer. */
  public static final int MAX_LOG_BLOCKS = 1 << 20;

  private static final int FLAG_FREE = 1;

  private SpaceMapLog() {}

  /** A decoded log block. */
  public record LogBlock(long txg, List<SpaceMapRecord> records) {}

  /** A decoded head. */
  public record Head(long recordCount, List<BlockPointer> logBlocks) {}

  /** Encodes records into one or more log blocks of at most {@link #RECORDS_PER_BLOCK} each. */
  public static List<ByteBuffer> encodeLog(long txg, List<SpaceMapRecord> records) {
    List<ByteBuffer> blocks = new ArrayList<>();
    for (int from = 0; from < records.size(); from += RECORDS_PER_BLOCK) {
      int to = Math.min(records.size(), from + RECORDS_PER_BLOCK);
      ByteBuffer buf = ByteBuffer.allocate(LOG_HEADER + (to - from) * RECORD_SIZE);
      buf.putLong(LOG_MAGIC).putInt(VERSION).putInt(to - from).putLong(txg);
      for (SpaceMapRecord r : records.subList(from, to)) {
        Extent e = r.extent();
        buf.putInt(e.vdev())
            .putInt(r.free() ? FLAG_FREE : 0)
            .putLong(e.offset())
            .putLong(e.length());
      }
      blocks.add(buf.flip());
    }
    return blocks;
  }

  /** Decodes a log block; malformed input is a {@link CorruptMetadataException}. */
  public static LogBlock decodeLog(ByteBuffer block) throws CorruptMetadataException {
    ByteBuffer buf = block.duplicate();
    try {
      expect(buf.getLong() == LOG_MAGIC, "space map log block has a bad magic");
      int version = buf.getInt();
      expect(version == VERSION, "space map log block version " + version + " is not supported");
      int count = buf.getInt();
      long txg = buf.getLong();
      expect(
          count >= 0 && count <= RECORDS_PER_BLOCK && (long) count * RECORD_SIZE == buf.remaining(),
          "space map log block claims " + count + " records in " + buf.remaining() + " bytes");
      List<SpaceMapRecord> records = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int vdev = buf.getInt();
        int flags = buf.getInt();
        expect((flags & ~FLAG_FREE) == 0, "space map record has unknown flags " + flags);
        Extent e = new Extent(vdev, buf.getLong(), buf.getLong());
        records.add(new SpaceMapRecord((flags & FLAG_FREE) != 0, e));
      }
      return new LogBlock(txg, records);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new CorruptMetadataException("space map log block is malformed: " + e, e);
    }
  }

  /** Encodes a head listing {@code logBlocks}. */
  public static ByteBuffer encodeHead(long recordCount, List<BlockPointer> logBlocks) {
    ByteBuffer buf = ByteBuffer.allocate(HEAD_HEADER + logBlocks.size() * BlockPointer.SIZE);
    buf.putLong(HEAD_MAGIC).putInt(VERSION).putInt(logBlocks.size()).putLong(recordCount);
    for (BlockPointer bp : logBlocks) {
      bp.writeTo(buf);
    }
    return buf.flip();
  }

  /** Decodes a head; malformed input is a {@link CorruptMetadataException}. */
  public static Head decodeHead(ByteBuffer block) throws CorruptMetadataException {
    ByteBuffer buf = block.duplicate();
    try {
      expect(buf.getLong() == HEAD_MAGIC, "space map head has a bad magic");
      int version = buf.getInt();
      expect(version == VERSION, "space map head version " + version + " is not supported");
      int count = buf.getInt();
      long recordCount = buf.getLong();
      expect(
          count >= 0
              && count <= MAX_LOG_BLOCKS
              && (long) count * BlockPointer.SIZE == buf.remaining()
              && recordCount >= 0,
          "space map head claims " + count + " blocks in " + buf.remaining() + " bytes");
      List<BlockPointer> pointers = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        pointers.add(BlockPointer.readFrom(buf));
      }
      return new Head(recordCount, pointers);
    } catch (BufferUnderflowException e) {
      throw new CorruptMetadataException("space map head is truncated", e);
    }
  }

  private static void expect(boolean condition, String message) throws CorruptMetadataException {
    if (!condition) {
      throw new CorruptMetadataException(message);
    }
  }
}
