package dev.kiln.engine.fs;

import dev.kiln.engine.api.error.CorruptDataException;
import dev.kiln.engine.block.BlockChecksum;
import dev.kiln.engine.tree.TreeKey;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The object layer's intent-log record (format version 1): the redo of one operation as a list of
 * absolute tree changes plus data writes carrying their bytes.
 *
 * <p>Layout, big-endian: magic "KIR1" (u32), format (u8), txg (i64), op count (i32), the ops, then
 * a {@code CRC32C|CRC32} checksum (i64) of everything before it. Ops: PUT key value, DELETE key,
 * DELETE_RANGE from to (frees the data blocks of extents in the range), WRITE object recordSize
 * offset bytes, ZERO object recordSize offset length, PREALLOCATE object recordSize offset length.
 * A key is (object i64, type u8, offset i64). Every op is absolute, so replaying a record whose
 * effects are already in the tree, followed by the records after it, yields the same state.
 */
public final class IntentRecord {

  static final int MAGIC = 0x4b495231;
  static final int FORMAT = 1;

  /** One decoded op. */
  sealed interface Op {}

  record Put(TreeKey key, byte[] value) implements Op {}

  record Delete(TreeKey key) implements Op {}

  record DeleteRange(TreeKey from, TreeKey toExclusive) implements Op {}

  record Write(long object, int recordSize, long offset, byte[] data) implements Op {}

  record Zero(long object, int recordSize, long offset, long length) implements Op {}

  record Preallocate(long object, int recordSize, long offset, long length) implements Op {}

  private IntentRecord() {}

  /** The transaction group a record's change was made in (the dataset layer skips synced ones). */
  public static long txgOf(byte[] record) throws CorruptDataException {
    return decodeHeader(record);
  }

  /**
   * Largest data bytes one WRITE op carries: a write is split into several records so that each
   * fits an intent-log block (the log takes records of about 128 KiB at most).
   */
  public static final int MAX_WRITE_BYTES = 64 * 1024;

  /**
   * Accumulates the ops of one operation into one record, or several when {@link #cut()} is called
   * (large writes).
   */
  static final class Builder {
    private final long txg;
    private final List<byte[]> finished = new ArrayList<>();
    private ItemWriter ops = new ItemWriter();
    private int count;

    Builder(long txg) {
      this.txg = txg;
    }

    boolean isEmpty() {
      return count == 0 && finished.isEmpty();
    }

    void put(TreeKey key, byte[] value) {
      key(ops.u8(1), key).i32(value.length).bytes(value);
      count++;
    }

    void delete(TreeKey key) {
      key(ops.u8(2), key);
      count++;
    }

    void deleteRange(TreeKey from, TreeKey to) {
      key(key(ops.u8(3), from), to);
      count++;
    }

    void write(long object, int recordSize, long offset, byte[] data, int from, int length) {
      ops.u8(4).i64(object).i32(recordSize).i64(offset).i32(length).bytes(data, from, length);
      count++;
    }

    void zero(long object, int recordSize, long offset, long length) {
      ops.u8(5).i64(object).i32(recordSize).i64(offset).i64(length);
      count++;
    }

    void preallocate(long object, int recordSize, long offset, long length) {
      ops.u8(6).i64(object).i32(recordSize).i64(offset).i64(length);
      count++;
    }

    /** Closes the current record (if it has ops); later ops go into a new one. */
    void cut() {
      if (count == 0) {
        return;
      }
      byte[] body = ops.toBytes();
      ItemWriter w = new ItemWriter().i32(MAGIC).u8(FORMAT).i64(txg).i32(count).bytes(body);
      byte[] unsummed = w.toBytes();
      finished.add(w.i64(BlockChecksum.of(unsummed, 0, unsummed.length)).toBytes());
      ops = new ItemWriter();
      count = 0;
    }

    /** Every record, in order (the last one closed here). */
    List<byte[]> finish() {
      cut();
      return List.copyOf(finished);
    }

    private static ItemWriter key(ItemWriter w, TreeKey k) {
      return w.i64(k.objectId()).u8(k.itemType()).i64(k.offset());
    }
  }

  private static long decodeHeader(byte[] record) throws CorruptDataException {
    if (record.length < 4 + 1 + 8 + 4 + 8) {
      throw new CorruptDataException("intent record of " + record.length + " bytes is truncated");
    }
    int bodyEnd = record.length - 8;
    long stored = ByteBuffer.wrap(record, bodyEnd, 8).getLong();
    if (stored != BlockChecksum.of(record, 0, bodyEnd)) {
      throw new CorruptDataException("intent record checksum mismatch (torn or corrupt record)");
    }
    ByteBuffer b = ByteBuffer.wrap(record);
    if (b.getInt() != MAGIC) {
      throw new CorruptDataException("not an object-layer intent record (bad magic)");
    }
    int format = Byte.toUnsignedInt(b.get());
    if (format != FORMAT) {
      throw new CorruptDataException("unsupported intent record format " + format);
    }
    return b.getLong();
  }

  /** Verifies and decodes a record into its ops. */
  static List<Op> decode(byte[] record) throws CorruptDataException {
    decodeHeader(record);
    byte[] body = new byte[record.length - 8];
    System.arraycopy(record, 0, body, 0, body.length);
    ItemReader r = new ItemReader(body, "intent record");
    r.i32();
    r.u8();
    r.i64();
    int count = r.i32();
    if (count < 0) {
      throw r.corrupt("negative op count");
    }
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int code = r.u8();
      ops.add(
          switch (code) {
            case 1 -> new Put(key(r), r.bytes(r.i32()));
            case 2 -> new Delete(key(r));
            case 3 -> new DeleteRange(key(r), key(r));
            case 4 -> new Write(r.i64(), recordSize(r), r.i64(), r.bytes(r.i32()));
            case 5 -> new Zero(r.i64(), recordSize(r), r.i64(), r.i64());
            case 6 -> new Preallocate(r.i64(), recordSize(r), r.i64(), r.i64());
            default -> throw r.corrupt("unknown op code " + code);
          });
    }
    r.end();
    return ops;
  }

  private static TreeKey key(ItemReader r) throws CorruptDataException {
    return new TreeKey(r.i64(), r.u8(), r.i64());
  }

  private static int recordSize(ItemReader r) throws CorruptDataException {
    int rs = r.i32();
    if (Integer.bitCount(rs) != 1 || rs < 512 || rs > (1 << 20)) {
      throw r.corrupt("bad record size " + rs);
    }
    return rs;
  }
}
