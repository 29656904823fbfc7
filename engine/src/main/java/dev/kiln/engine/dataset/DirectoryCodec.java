package dev.kiln.engine.dataset;

import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.CorruptMetadataException;
import dev.kiln.engine.tree.TreeKey;
import dev.kiln.engine.zil.LogHeader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encoding of the dataset directory (format version 1). Keys: (0, 0, 0) header; (0, 3, i) blocks to
 * free in the next txg; (dataset id, 1, 0) dataset record; (dataset id, 2, snapshot id) snapshot
 * record. Values start with a version byte; every decode failure is a {@link
 * CorruptMetadataException}.
 */
final class DirectoryCodec {

  static final long MAGIC = 0x4B494C4E44495231L;
  static final byte VERSION = 1;
  static final int ITEM_HEADER = 0;
  static final int ITEM_DATASET = 1;
  static final int ITEM_SNAPSHOT = 2;
  static final int ITEM_DEFERRED_FREE = 3;

  private DirectoryCodec() {}

  static TreeKey headerKey() {
    return TreeKey.of(0, ITEM_HEADER, 0);
  }

  static TreeKey deferredKey(long index) {
    return TreeKey.of(0, ITEM_DEFERRED_FREE, index);
  }

  static TreeKey datasetKey(long id) {
    return TreeKey.of(id, ITEM_DATASET, 0);
  }

  static TreeKey snapshotKey(long datasetId, long snapshotId) {
    return TreeKey.of(datasetId, ITEM_SNAPSHOT, snapshotId);
  }

  /** The persisted form of a dataset head. */
  record DatasetRecord(
      long id,
      long guid,
      String name,
      DatasetType type,
      long creationTxg,
      long creationMillis,
      long originDatasetId,
      long originSnapshotId,
      long originTxg,
      BlockPointer headRoot,
      BlockPointer deadlistRoot,
      ByteCount deadlistTotal,
      ByteCount referenced,
      ByteCount unique,
      ByteCount originDropped,
      LogHeader logHeader,
      Map<String, String> properties) {}

  /** The persisted form of a snapshot. */
  record SnapshotRecord(
      long id,
      long guid,
      String name,
      long txg,
      long creationMillis,
      BlockPointer root,
      ByteCount referenced,
      BlockPointer deadlistRoot,
      ByteCount deadlistTotal,
      ByteCount originDroppedAtCreation,
      List<String> holds) {}

  static byte[] header(long nextId) {
    return ByteBuffer.allocate(17).putLong(MAGIC).put(VERSION).putLong(nextId).array();
  }

  static long decodeHeader(byte[] value) throws CorruptMetadataException {
    ByteBuffer buf = ByteBuffer.wrap(value);
    if (value.length != 17 || buf.getLong() != MAGIC || buf.get() != VERSION) {
      throw new CorruptMetadataException("dataset directory header is not valid");
    }
    return buf.getLong();
  }

  static byte[] pointer(BlockPointer bp) {
    ByteBuffer buf = ByteBuffer.allocate(BlockPointer.SIZE);
    bp.writeTo(buf);
    return buf.array();
  }

  static BlockPointer decodePointer(byte[] value) throws CorruptMetadataException {
    if (value.length != BlockPointer.SIZE) {
      throw new CorruptMetadataException("deferred free entry has " + value.length + " bytes");
    }
    return BlockPointer.readFrom(ByteBuffer.wrap(value));
  }

  static byte[] encode(DatasetRecord r) {
    return write(
        out -> {
          out.writeByte(VERSION);
          out.writeLong(r.guid());
          out.writeUTF(r.name());
          out.writeByte(r.type().ordinal());
          out.writeLong(r.creationTxg());
          out.writeLong(r.creationMillis());
          out.writeLong(r.originDatasetId());
          out.writeLong(r.originSnapshotId());
          out.writeLong(r.originTxg());
          writePointer(out, r.headRoot());
          writePointer(out, r.deadlistRoot());
          writeCount(out, r.deadlistTotal());
          writeCount(out, r.referenced());
          writeCount(out, r.unique());
          writeCount(out, r.originDropped());
          out.writeBoolean(r.logHeader() != null);
          if (r.logHeader() != null) {
            out.writeLong(r.logHeader().chainId());
            writePointer(out, r.logHeader().first());
          }
          out.writeInt(r.properties().size());
          for (var e : r.properties().entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
          }
        });
  }

  static DatasetRecord decodeDataset(long id, byte[] value) throws CorruptMetadataException {
    return read(
        "dataset record " + id,
        value,
        in -> {
          checkVersion(in);
          long guid = in.readLong();
          String name = in.readUTF();
          int type = in.readUnsignedByte();
          if (type >= DatasetType.values().length) {
            throw new IOException("unknown dataset type " + type);
          }
          long creationTxg = in.readLong();
          long creationMillis = in.readLong();
          long originDs = in.readLong();
          long originSnap = in.readLong();
          long originTxg = in.readLong();
          BlockPointer head = readPointer(in);
          BlockPointer dl = readPointer(in);
          ByteCount dlTotal = readCount(in);
          ByteCount referenced = readCount(in);
          ByteCount unique = readCount(in);
          ByteCount dropped = readCount(in);
          LogHeader log = null;
          if (in.readBoolean()) {
            long chain = in.readLong();
            BlockPointer first = readPointer(in);
            if (first == null) {
              throw new IOException("log header without a first block");
            }
            log = new LogHeader(chain, first);
          }
          int n = in.readInt();
          if (n < 0 || n > 10_000) {
            throw new IOException("bad property count " + n);
          }
          Map<String, String> props = new LinkedHashMap<>();
          for (int i = 0; i < n; i++) {
            props.put(in.readUTF(), in.readUTF());
          }
          return new DatasetRecord(
              id,
              guid,
              name,
              DatasetType.values()[type],
              creationTxg,
              creationMillis,
              originDs,
              originSnap,
              originTxg,
              head,
              dl,
              dlTotal,
              referenced,
              unique,
              dropped,
              log,
              props);
        });
  }

  static byte[] encode(SnapshotRecord r) {
    return write(
        out -> {
          out.writeByte(VERSION);
          out.writeLong(r.guid());
          out.writeUTF(r.name());
          out.writeLong(r.txg());
          out.writeLong(r.creationMillis());
          writePointer(out, r.root());
          writeCount(out, r.referenced());
          writePointer(out, r.deadlistRoot());
          writeCount(out, r.deadlistTotal());
          writeCount(out, r.originDroppedAtCreation());
          out.writeInt(r.holds().size());
          for (String h : r.holds()) {
            out.writeUTF(h);
          }
        });
  }

  static SnapshotRecord decodeSnapshot(long id, byte[] value) throws CorruptMetadataException {
    return read(
        "snapshot record " + id,
        value,
        in -> {
          checkVersion(in);
          long guid = in.readLong();
          String name = in.readUTF();
          long txg = in.readLong();
          long millis = in.readLong();
          BlockPointer root = readPointer(in);
          if (root == null) {
            throw new IOException("snapshot without a root");
          }
          ByteCount referenced = readCount(in);
          BlockPointer dl = readPointer(in);
          ByteCount dlTotal = readCount(in);
          ByteCount dropped = readCount(in);
          int n = in.readInt();
          if (n < 0 || n > 10_000) {
            throw new IOException("bad hold count " + n);
          }
          List<String> holds = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            holds.add(in.readUTF());
          }
          return new SnapshotRecord(
              id, guid, name, txg, millis, root, referenced, dl, dlTotal, dropped, holds);
        });
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private static byte[] write(Writer w) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      w.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static <T> T read(String what, byte[] value, Reader<T> r)
      throws CorruptMetadataException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(value));
    try {
      T result = r.read(in);
      if (in.available() != 0) {
        throw new IOException(in.available() + " trailing bytes");
      }
      return result;
    } catch (IOException e) {
      throw new CorruptMetadataException(what + " does not parse: " + e.getMessage());
    }
  }

  private static void checkVersion(DataInputStream in) throws IOException {
    int v = in.readUnsignedByte();
    if (v != VERSION) {
      throw new IOException("unsupported record version " + v);
    }
  }

  private static void writePointer(DataOutputStream out, BlockPointer bp) throws IOException {
    out.writeBoolean(bp != null);
    if (bp != null) {
      out.write(pointer(bp));
    }
  }

  private static BlockPointer readPointer(DataInputStream in) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    byte[] b = new byte[BlockPointer.SIZE];
    in.readFully(b);
    return BlockPointer.readFrom(ByteBuffer.wrap(b));
  }

  private static void writeCount(DataOutputStream out, ByteCount c) throws IOException {
    out.writeLong(c.allocated());
    out.writeLong(c.physical());
    out.writeLong(c.logical());
  }

  private static ByteCount readCount(DataInputStream in) throws IOException {
    return new ByteCount(in.readLong(), in.readLong(), in.readLong());
  }
}
