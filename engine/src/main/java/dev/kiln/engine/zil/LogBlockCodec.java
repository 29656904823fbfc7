package dev.kiln.engine.zil;

import dev.kiln.engine.block.BlockChecksum;
import dev.kiln.engine.block.BlockPointer;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Log block format (version 1): magic "KZIL", version, chain id, dataset guid, block number in the
 * chain, next block pointer, fragment count, fragments (sequence, txg, record length, offset in the
 * record, length, bytes), then a checksum of everything before it. A record larger than a block is
 * split into fragments over consecutive blocks.
 */
public final class LogBlockCodec {

  /** Size of the largest log block. */
  public static final int BLOCK_SIZE = 128 * 1024;

  /** Size of the smallest log block. */
  public static final int MIN_BLOCK_SIZE = 8 * 1024;

  static final int MAGIC = 0x4B5A494C;
  static final short VERSION = 1;
  static final int HEADER = 4 + 2 + 8 + 8 + 8 + BlockPointer.SIZE + 4;
  static final int TRAILER = 8;

  /** Largest record payload (records are split over blocks). */
  public static final int MAX_PAYLOAD = 64 << 20;

  /** Bytes a fragment takes besides its data. */
  static final int FRAGMENT_OVERHEAD = 8 + 8 + 4 + 4 + 4;

  private LogBlockCodec() {}

  /** A decoded block; {@code encodedLength} is its size in bytes as stored. */
  public record LogBlock(
      long chainId,
      long datasetGuid,
      long blockNumber,
      BlockPointer next,
      List<Fragment> fragments,
      int encodedLength) {

    /** A block to encode. */
    public LogBlock(
        long chainId,
        long datasetGuid,
        long blockNumber,
        BlockPointer next,
        List<Fragment> fragments) {
      this(chainId, datasetGuid, blockNumber, next, fragments, -1);
    }
  }

  /**
   * A piece of a record.
   *
   * @param sequence the record's sequence number
   * @param txg the record's txg
   * @param recordLength the whole record's length
   * @param offset where this piece starts in the record
   * @param bytes the piece
   */
  public record Fragment(long sequence, long txg, int recordLength, int offset, byte[] bytes) {

    /** Bytes this fragment takes in a block. */
    public int encodedSize() {
      return FRAGMENT_OVERHEAD + bytes.length;
    }

    /** Whether this piece ends its record. */
    public boolean last() {
      return offset + bytes.length == recordLength;
    }
  }

  /** Bytes available for records in the largest block. */
  static int recordSpace() {
    return recordSpace(BLOCK_SIZE);
  }

  /** Bytes available for records in a block of {@code blockSize} bytes. */
  static int recordSpace(int blockSize) {
    return blockSize - HEADER - TRAILER;
  }

  /**
   * The block size to reserve for {@code bytes} of block: the smallest power of two that holds
   * them, between {@link #MIN_BLOCK_SIZE} and {@link #BLOCK_SIZE}.
   */
  static int blockSizeFor(int bytes) {
    int size = Integer.highestOneBit(Math.max(1, bytes - 1)) << 1;
    return Math.clamp(size, MIN_BLOCK_SIZE, BLOCK_SIZE);
  }

  /** Encodes a block. */
  public static ByteBuffer encode(LogBlock block) {
    int size = HEADER + TRAILER;
    for (Fragment f : block.fragments()) {
      size += f.encodedSize();
    }
    if (size > BLOCK_SIZE) {
      throw new IllegalArgumentException("log block of " + size + " bytes exceeds " + BLOCK_SIZE);
    }
    ByteBuffer buf = ByteBuffer.allocate(size);
    buf.putInt(MAGIC).putShort(VERSION);
    buf.putLong(block.chainId()).putLong(block.datasetGuid()).putLong(block.blockNumber());
    block.next().writeTo(buf);
    buf.putInt(block.fragments().size());
    for (Fragment f : block.fragments()) {
      buf.putLong(f.sequence())
          .putLong(f.txg())
          .putInt(f.recordLength())
          .putInt(f.offset())
          .putInt(f.bytes().length)
          .put(f.bytes());
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
      if (count < 0 || count > recordSpace() / FRAGMENT_OVERHEAD) {
        return null;
      }
      List<Fragment> fragments = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        long seq = buf.getLong();
        long txg = buf.getLong();
        int total = buf.getInt();
        int offset = buf.getInt();
        int len = buf.getInt();
        if (len < 0 || len > buf.remaining() || offset < 0 || total < 0 || offset > total - len) {
          return null;
        }
        byte[] piece = new byte[len];
        buf.get(piece);
        fragments.add(new Fragment(seq, txg, total, offset, piece));
      }
      int end = buf.position();
      long stored = buf.getLong();
      byte[] bytes = new byte[end - start];
      raw.duplicate().get(bytes);
      if (BlockChecksum.of(bytes, 0, bytes.length) != stored) {
        return null;
      }
      return new LogBlock(chainId, guid, number, next, fragments, end - start + TRAILER);
    } catch (BufferUnderflowException e) {
      return null;
    }
  }
}
