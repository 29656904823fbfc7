package dev.kiln.mgmt.store;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * On-disk encoding of the embedded store (format 1): log records and snapshots, each guarded by a
 * CRC-32C. Every length is checked against the bytes present before anything is allocated, so a
 * torn or corrupted file yields {@link CorruptStoreException}, never a huge allocation or a hang.
 */
final class StoreCodec {

  static final int MAX_KEY = 4096;
  static final int MAX_VALUE = 1 << 20;
  static final int SNAPSHOT_MAGIC = 0x4b435353; // "KCSS"
  static final short FORMAT = 1;
  private static final byte PUT = 1;
  private static final byte DELETE = 2;

  private StoreCodec() {}

  /** A log record payload: the revision and its writes. */
  record LogEntry(long revision, List<Txn.Write> writes) {}

  static void checkKey(String key) {
    if (key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY) {
      throw new IllegalArgumentException("keys are 1 to " + MAX_KEY + " bytes");
    }
    if (key.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("keys may not contain NUL");
    }
  }

  /** {@code [len][crc][payload]} for one committed transaction. */
  static ByteBuffer encodeRecord(long revision, List<Txn.Write> writes) {
    int size = 8 + 2;
    for (Txn.Write w : writes) {
      size += 1 + 2 + utf8(w.key()).length + 4 + (w instanceof Txn.Put p ? p.value().length : 0);
    }
    ByteBuffer payload = ByteBuffer.allocate(size);
    payload.putLong(revision).putShort((short) writes.size());
    for (Txn.Write w : writes) {
      byte[] key = utf8(w.key());
      byte[] value = w instanceof Txn.Put p ? p.value() : new byte[0];
      payload.put(w instanceof Txn.Put ? PUT : DELETE).putShort((short) key.length).put(key);
      payload.putInt(value.length).put(value);
    }
    payload.flip();
    ByteBuffer out = ByteBuffer.allocate(8 + size);
    out.putInt(size).putInt(crc(payload.duplicate())).put(payload).flip();
    return out;
  }

  /**
   * Decodes the record at the buffer's position, advancing past it.
   *
   * @throws CorruptStoreException if the record is incomplete or fails its checksum
   */
  static LogEntry decodeRecord(ByteBuffer buf) throws CorruptStoreException {
    try {
      if (buf.remaining() < 8) {
        throw new CorruptStoreException("truncated record header");
      }
      int size = buf.getInt();
      int crc = buf.getInt();
      if (size < 10 || size > buf.remaining()) {
        throw new CorruptStoreException("record length " + size + " beyond the data");
      }
      ByteBuffer payload = buf.slice(buf.position(), size);
      buf.position(buf.position() + size);
      if (crc(payload.duplicate()) != crc) {
        throw new CorruptStoreException("record checksum mismatch");
      }
      long revision = payload.getLong();
      int count = Short.toUnsignedInt(payload.getShort());
      List<Txn.Write> writes = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        byte op = payload.get();
        String key = string(payload, Short.toUnsignedInt(payload.getShort()));
        int valueLength = payload.getInt();
        if (valueLength < 0 || valueLength > Math.min(MAX_VALUE, payload.remaining())) {
          throw new CorruptStoreException("value length " + valueLength + " out of range");
        }
        byte[] value = new byte[valueLength];
        payload.get(value);
        switch (op) {
          case PUT -> writes.add(new Txn.Put(key, value));
          case DELETE -> writes.add(new Txn.Delete(key));
          default -> throw new CorruptStoreException("unknown operation " + op);
        }
      }
      if (payload.hasRemaining()) {
        throw new CorruptStoreException("trailing bytes in record");
      }
      return new LogEntry(revision, writes);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new CorruptStoreException("malformed record: " + e);
    }
  }

  /** A snapshot of every key at {@code revision}. */
  static ByteBuffer encodeSnapshot(long revision, List<KeyValue> entries) {
    int size = 4 + 2 + 8 + 4;
    for (KeyValue kv : entries) {
      size += 2 + utf8(kv.key()).length + 4 + kv.value().length + 24;
    }
    ByteBuffer b = ByteBuffer.allocate(size + 4);
    b.putInt(SNAPSHOT_MAGIC).putShort(FORMAT).putLong(revision).putInt(entries.size());
    for (KeyValue kv : entries) {
      byte[] key = utf8(kv.key());
      byte[] value = kv.value();
      b.putShort((short) key.length).put(key).putInt(value.length).put(value);
      b.putLong(kv.createRevision()).putLong(kv.modRevision()).putLong(kv.version());
    }
    b.putInt(crc(b.duplicate().flip()));
    return b.flip();
  }

  /** The snapshot's revision and entries. */
  record Snapshot(long revision, List<KeyValue> entries) {}

  static Snapshot decodeSnapshot(ByteBuffer b) throws CorruptStoreException {
    try {
      if (b.remaining() < 4 + 2 + 8 + 4 + 4) {
        throw new CorruptStoreException("snapshot too short");
      }
      ByteBuffer body = b.slice(b.position(), b.remaining() - 4);
      int crc = b.getInt(b.limit() - 4);
      if (crc(body.duplicate()) != crc) {
        throw new CorruptStoreException("snapshot checksum mismatch");
      }
      if (body.getInt() != SNAPSHOT_MAGIC) {
        throw new CorruptStoreException("not a Kiln configuration snapshot");
      }
      short format = body.getShort();
      if (format != FORMAT) {
        throw new CorruptStoreException("unsupported snapshot format " + format);
      }
      long revision = body.getLong();
      int count = body.getInt();
      if (count < 0 || count > body.remaining() / 30) {
        throw new CorruptStoreException("entry count " + count + " out of range");
      }
      List<KeyValue> entries = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String key = string(body, Short.toUnsignedInt(body.getShort()));
        int len = body.getInt();
        if (len < 0 || len > body.remaining()) {
          throw new CorruptStoreException("value length out of range");
        }
        byte[] value = new byte[len];
        body.get(value);
        entries.add(new KeyValue(key, value, body.getLong(), body.getLong(), body.getLong()));
      }
      if (body.hasRemaining()) {
        throw new CorruptStoreException("trailing bytes in snapshot");
      }
      return new Snapshot(revision, entries);
    } catch (BufferUnderflowException e) {
      throw new CorruptStoreException("truncated snapshot");
    }
  }

  private static String string(ByteBuffer b, int length) throws CorruptStoreException {
    if (length == 0 || length > MAX_KEY || length > b.remaining()) {
      throw new CorruptStoreException("key length " + length + " out of range");
    }
    byte[] bytes = new byte[length];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static int crc(ByteBuffer b) {
    CRC32C c = new CRC32C();
    c.update(b);
    return (int) c.getValue();
  }
}
