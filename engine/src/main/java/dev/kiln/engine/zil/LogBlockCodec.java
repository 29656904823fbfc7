package dev.kiln.engine.zil;

import dev.kiln.engine.block.BlockChecksum;
import dev.kiln.engine.block.BlockPointer;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Log block format (version 1): magic "KZIL", version, chain id, dataset guid, block number in the
 * chain, next block pointer, record count, records (sequence, txg, length, bytes), then a checksum
 * of everything before it.
 */
public final class LogBlockCodec {

  /** Size of every reserved log block. */
  public static final int BLOCK_SIZE = 128 * 1024;

  static final int MAGIC = 0x4B5A494C;
  static final short VERSION = 1;
  static final int HEADER = 4 + 2 + 8 + 8 + 8 + BlockPointer.SIZE + 4;
  static final int TRAILER = 8;

  /** Largest record payload that fits a block. */
  public static final int MAX_PAYLOAD = BLOCK_SIZE - HEADER - TRAILER - 20;

  private LogBlockCodec() {}

  /** A decoded block. */
  public record LogBlock(
      long chainId,
      long datasetGuid,
      long blockNumber,
      BlockPointer next,
      List<LogRecord> records) {}

  /** Bytes available for records in one block. */
  static int recordSpace() {
    return BLOCK_SIZE - HEADER - TRAILER;
  }

  /** Encodes a block. */
  public static ByteBuffer encode(LogBlock block) {
    int size = HEADER + TRAILER;
    for (LogRecord r : block.records()) {
      size += r.encodedSize();
    }
    if (size > BLOCK_SIZE) {
      throw new IllegalArgumentException("log block of " + size + " bytes exceeds " + BLOCK_SIZE);
    }
    ByteBuffer buf = ByteBuffer.allocate(size);
    buf.putInt(MAGIC).putShort(VERSION);
    buf.putLong(block.chainId()).putLong(block.datasetGuid()).putLong(block.blockNumber());
    block.next().writeTo(buf);
    buf.putInt(block.records().size());
    for (LogRecord r : block.records()) {
      buf.putLong(r.sequence()).putLong(r.txg()).putInt(r.payload().length).put(r.payload());
    }
    buf.putLong(BlockChecksum.of(buf.array(), 0, size - TRAILER));
    return buf.flip();
  }

  /**
   * Decodes a block, or returns null when the bytes are not a valid log block (never written, torn,
   * or overwritten): the end of a chain.
   */
  public static LogBlock decode(ByteBuffer raw) {
    ByteBuffer buf = raw.duplicate();
    int start = buf.position();
    try {
      if (buf.getInt() != MAGIC || buf.getShort() != VERSION) {
        return null;
      }
      long chainId = buf.getLong();
      long guid = buf.getLong();
      long number = buf.getLong();
      BlockPointer next = BlockPointer.readFrom(buf);
      int count = buf.getInt();
      if (count < 0 || count > recordSpace() / 20) {
        return null;
      }
      List<LogRecord> records = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        long seq = buf.getLong();
        long txg = buf.getLong();
        int len = buf.getInt();
        if (len < 0 || len > buf.remaining()) {
          return null;
        }
        byte[] payload = new byte[len];
        buf.get(payload);
        records.add(new LogRecord(seq, txg, payload));
      }
      int end = buf.position();
      long stored = buf.getLong();
      byte[] bytes = new byte[end - start];
      raw.duplicate().get(bytes);
      if (BlockChecksum.of(bytes, 0, bytes.length) != stored) {
        return null;
      }
      return new LogBlock(chainId, guid, number, next, records);
    } catch (BufferUnderflowException e) {
      return null;
    }
  }
}
