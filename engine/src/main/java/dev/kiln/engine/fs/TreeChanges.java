package dev.kiln.engine.fs;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.BlockStore;
import dev.kiln.engine.block.Compression;
import dev.kiln.engine.block.EncodedBlock;
import dev.kiln.engine.objset.DirtyRecords;
import dev.kiln.engine.objset.ObjectSetContext;
import dev.kiln.engine.objset.ObjectSetSettings;
import dev.kiln.engine.tree.BPlusTree;
import dev.kiln.engine.tree.TreeEntry;
import dev.kiln.engine.tree.TreeKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every change the object layer makes to a tree goes through here, so that live operations and
 * intent-log replay change the tree (and free blocks) the same way; live operations also record
 * each change into an {@link IntentRecord.Builder}.
 *
 * <p>Data changes work per record: a write covering a whole record stores it directly, a partial
 * one reads, modifies and writes the record; a replaced block is freed in the open txg. Zeroing
 * turns fully covered (or all-zero) records into holes.
 */
public final class TreeChanges {

  private final BPlusTree tree;
  private final BlockStore store;
  private final long txg;
  private final Compression compression;
  private final IntentRecord.Builder log;
  private DirtyRecords dirty;
  private boolean mayAddDirty;

  TreeChanges(
      BPlusTree tree,
      BlockStore store,
      long txg,
      Compression compression,
      IntentRecord.Builder log) {
    this.tree = tree;
    this.store = store;
    this.txg = txg;
    this.compression = compression;
    this.log = log;
  }

  /**
   * Changes to {@code ctx}'s head tree in its open txg, recorded for the intent log unless the
   * dataset's sync setting is DISABLED. The caller holds {@code ctx.lock()}.
   */
  public static TreeChanges begin(ObjectSetContext ctx) {
    return begin(ctx, true);
  }

  /**
   * Changes to {@code ctx}'s head tree in its open txg, recorded for the intent log only when
   * {@code logged} and the dataset's sync setting is not DISABLED: unlogged changes (unstable
   * writes) become durable with their txg. The caller holds {@code ctx.lock()}.
   */
  public static TreeChanges begin(ObjectSetContext ctx, boolean logged) {
    ObjectSetSettings settings = ctx.settings();
    IntentRecord.Builder log =
        !logged || settings.sync() == ObjectSetSettings.SyncMode.DISABLED
            ? null
            : new IntentRecord.Builder(ctx.openTxg());
    return new TreeChanges(ctx.tree(), ctx.store(), ctx.openTxg(), settings.compression(), log);
  }

  /**
   * Lets the unlogged writes of these changes keep partial records in {@code records} instead of
   * storing them (see {@link DirtyRecords}); new dirty records only while {@code mayAdd} (the
   * caller checked that their space is available). A record already dirty is always updated there.
   */
  public void absorbPartialRecords(DirtyRecords records, boolean mayAdd) {
    if (log != null) {
      throw new IllegalStateException("logged writes are stored, never kept dirty");
    }
    this.dirty = records;
    this.mayAddDirty = mayAdd;
  }

  /** The encoded intent records of the changes so far, in order (empty if nothing is logged). */
  public List<byte[]> records() {
    return log == null ? List.of() : log.finish();
  }

  /** Receives the end of each logged piece of a large write, to log per-piece metadata. */
  @FunctionalInterface
  public interface PieceHook {
    /** The piece ending at byte {@code end} was logged; {@code last} for the final piece. */
    void pieceLogged(long end, boolean last) throws IOException;
  }

  /** Records an item put in the log only (metadata of an intermediate write piece). */
  void logOnly(TreeKey key, byte[] value) {
    if (log != null) {
      log.put(key, value);
    }
  }

  BPlusTree tree() {
    return tree;
  }

  int maxValueBytes() {
    return tree.options().maxValueBytes();
  }

  /** Puts an item. */
  public void put(TreeKey key, byte[] value) throws IOException {
    tree.put(key, value);
    if (log != null) {
      log.put(key, value);
    }
  }

  void delete(TreeKey key) throws IOException {
    tree.delete(key);
    if (log != null) {
      log.delete(key);
    }
  }

  /** Deletes every item in the range, freeing the data blocks of extents among them. */
  void deleteRange(TreeKey from, TreeKey toExclusive) throws IOException {
    TreeKey next = from;
    while (true) {
      List<TreeEntry> batch = tree.scan(next, toExclusive, 256);
      if (batch.isEmpty()) {
        break;
      }
      for (TreeEntry e : batch) {
        if (e.key().itemTypeUnsigned() == ItemType.EXTENT) {
          Extent x = Extent.decode(e.value());
          if (x.pointer() != null) {
            store.free(x.pointer(), txg);
          }
        }
        tree.delete(e.key());
      }
      next = batch.getLast().key().successor();
    }
    if (log != null) {
      log.deleteRange(from, toExclusive);
    }
  }

  /**
   * A record rewritten by a write in progress (to a new block, or to a hole when {@code fresh} is
   * null), kept so that a failed write can be undone.
   */
  private record Rewritten(long start, Extent old, BlockPointer fresh) {}

  /**
   * Writes {@code data} at {@code offset}; returns the change in allocated bytes. All or nothing:
   * if a block cannot be stored (no space, quota, I/O), the records already rewritten are restored
   * and their new blocks freed; old blocks are freed only once every record is written.
   */
  public long write(long object, int recordSize, long offset, byte[] data) throws IOException {
    return write(object, recordSize, offset, data, (end, last) -> {});
  }

  /**
   * Writes like {@link #write(long, int, long, byte[])}, logging the data in pieces of at most
   * {@link IntentRecord#MAX_WRITE_BYTES}, each closing its own record after {@code hook} ran (the
   * last piece's record stays open for the caller's final metadata). If the log loses a suffix of
   * the pieces, replay applies a prefix of the write.
   */
  public long write(long object, int recordSize, long offset, byte[] data, PieceHook hook)
      throws IOException {
    return write(object, recordSize, offset, data, 0, data.length, hook);
  }

  /**
   * Writes {@code data[from, from+length)} like {@link #write(long, int, long, byte[], PieceHook)},
   * without copying whole records (the bytes must not change during the call).
   */
  public long write(
      long object, int recordSize, long offset, byte[] data, int from, int length, PieceHook hook)
      throws IOException {
    return write(object, recordSize, offset, data, from, length, hook, PreparedWrite.NONE);
  }

  /**
   * Writes like {@link #write(long, int, long, byte[], int, int, PieceHook)}, taking whole records
   * from {@code prepared} (encoded before the lock) when it was made for this record size and
   * compression.
   */
  public long write(
      long object,
      int recordSize,
      long offset,
      byte[] data,
      int from,
      int length,
      PieceHook hook,
      PreparedWrite prepared)
      throws IOException {
    boolean usePrepared = prepared.appliesTo(recordSize, compression);
    long delta = 0;
    long pos = offset;
    int done = 0;
    List<Rewritten> rewritten = new ArrayList<>();
    // Partial records kept dirty get their bytes only once every stored record succeeded, so a
    // failed write changes nothing.
    List<DirtyPiece> dirtied = new ArrayList<>(2);
    List<Long> replaced = new ArrayList<>();
    // Whole records encoded ahead are stored together after the loop (one allocation and one
    // device write for a run of them), then linked.
    List<Long> batchStarts = new ArrayList<>();
    List<Extent> batchOld = new ArrayList<>();
    List<EncodedBlock> batch = new ArrayList<>();
    Map<Long, Extent> wholeExtents = extentsOfWholeRecords(object, recordSize, offset, length);
    try {
      while (done < length) {
        long start = pos & -(long) recordSize;
        int in = (int) (pos - start);
        int n = Math.min(recordSize - in, length - done);
        boolean whole = in == 0 && n == recordSize;
        if (dirty != null) {
          DirtyRecords.Record r = whole ? null : dirty.get(object, start);
          if (whole) {
            replaced.add(start); // forgotten once the write succeeded
          } else if (r != null || mayAddDirty) {
            if (r == null) {
              if (compression != Compression.OFF
                  && isZero(ByteBuffer.wrap(data, from + done, n))
                  && ObjectData.extent(tree, object, start) == null) {
                // Zeros into a hole stay a hole: nothing to keep or store (the size is the
                // caller's).
                pos += n;
                done += n;
                continue;
              }
              r = dirtyFromTree(object, start, recordSize);
            }
            dirtied.add(new DirtyPiece(r, in, from + done, n));
            pos += n;
            done += n;
            continue;
          }
        }
        Extent old =
            whole && wholeExtents != null
                ? wholeExtents.get(start)
                : ObjectData.extent(tree, object, start);
        ByteBuffer block;
        int blockLength;
        EncodedBlock ready = null;
        boolean zero;
        if (whole) {
          // A whole record: store straight from the caller's bytes (or their prepared encoding).
          block = ByteBuffer.wrap(data, from + done, n);
          blockLength = recordSize;
          ready = usePrepared ? prepared.blocks().get(start) : null;
          zero =
              usePrepared && ready == null
                  ? prepared.zeros().contains(start)
                  : ready == null && compression != Compression.OFF && isZero(block);
        } else {
          byte[] content = new byte[recordSize];
          int oldLength = 0;
          if (old != null) {
            oldLength = old.length();
            if (!old.preallocated()) {
              ByteBuffer prev = ObjectData.view(store, object, start, old);
              prev.get(content, 0, prev.remaining());
            }
          }
          System.arraycopy(data, from + done, content, in, n);
          blockLength = Math.max(oldLength, in + n);
          block = ByteBuffer.wrap(content, 0, blockLength);
          zero = compression != Compression.OFF && isZero(block);
        }
        pos += n;
        done += n;
        if (zero) {
          // Like ZFS with compression on, a record of zeros is stored as a hole (a preallocated
          // record stays preallocated): no block to write, compress, read or decompress later.
          if (old != null && !old.preallocated()) {
            tree.delete(ItemType.key(object, ItemType.EXTENT, start));
            rewritten.add(new Rewritten(start, old, null));
            delta -= old.allocatedBytes();
          }
          continue;
        }
        if (ready != null) {
          batchStarts.add(start);
          batchOld.add(old);
          batch.add(ready);
          continue;
        }
        BlockPointer p = store.write(block, compression, txg);
        delta += link(object, start, blockLength, old, p, rewritten);
      }
      if (!batch.isEmpty()) {
        List<BlockPointer> written = store.writeAll(batch, txg);
        int linked = 0;
        try {
          for (; linked < written.size(); linked++) {
            delta +=
                link(
                    object,
                    batchStarts.get(linked),
                    recordSize,
                    batchOld.get(linked),
                    written.get(linked),
                    rewritten);
          }
        } catch (IOException | RuntimeException e) {
          // The blocks not linked yet are not in the undo list: free them here.
          for (BlockPointer p : written.subList(linked, written.size())) {
            try {
              store.free(p, txg);
            } catch (IOException | RuntimeException suppressed) {
              e.addSuppressed(suppressed);
            }
          }
          throw e;
        }
      }
    } catch (IOException | RuntimeException e) {
      undo(object, rewritten, e);
      throw e;
    }
    for (Rewritten r : rewritten) {
      if (r.old() != null && r.old().pointer() != null) {
        store.free(r.old().pointer(), txg);
      }
    }
    for (long start : replaced) {
      dirty.remove(object, start);
    }
    for (DirtyPiece d : dirtied) {
      d.record().put(d.in(), data, d.from(), d.length());
    }
    if (log != null) {
      for (int at = 0; at < length; at += IntentRecord.MAX_WRITE_BYTES) {
        int n = Math.min(IntentRecord.MAX_WRITE_BYTES, length - at);
        log.write(object, recordSize, offset + at, data, from + at, n);
        boolean last = at + n == length;
        hook.pieceLogged(offset + at + n, last);
        if (!last) {
          log.cut();
        }
      }
    }
    return delta;
  }

  /**
   * The extents of the whole records of writing {@code [offset, offset+length)}, by record start,
   * from one scan of the tree instead of one lookup per record; null when fewer than two records
   * are whole. The write changes each record once, so what the scan found stays current for it.
   */
  private Map<Long, Extent> extentsOfWholeRecords(
      long object, int recordSize, long offset, int length) throws IOException {
    long first = (offset + recordSize - 1) & -(long) recordSize;
    long end = (offset + length) & -(long) recordSize;
    if (end - first < 2L * recordSize) {
      return null;
    }
    Map<Long, Extent> out = new HashMap<>();
    List<TreeEntry> found =
        tree.scan(
            ItemType.key(object, ItemType.EXTENT, first),
            ItemType.key(object, ItemType.EXTENT, end),
            (int) ((end - first) / recordSize));
    for (TreeEntry e : found) {
      out.put(e.key().offset(), Extent.decode(e.value()));
    }
    return out;
  }

  /**
   * Points the record at {@code start} to its new block {@code p} (remembered in {@code rewritten}
   * for an undo); returns the change in allocated bytes.
   */
  private long link(
      long object, long start, int length, Extent old, BlockPointer p, List<Rewritten> rewritten)
      throws IOException {
    Extent fresh = new Extent(length, p);
    tree.put(ItemType.key(object, ItemType.EXTENT, start), fresh.encode());
    rewritten.add(new Rewritten(start, old, p));
    return fresh.allocatedBytes() - (old == null ? 0 : old.allocatedBytes());
  }

  /**
   * Whether writing {@code [offset, offset+length)} of {@code object} would make a record dirty
   * that is not dirty yet (a partial first or last record), i.e. needs new reserved space.
   */
  public static boolean addsDirty(
      DirtyRecords dirty, long object, int recordSize, long offset, int length) {
    long first = offset & -(long) recordSize;
    long last = (offset + length - 1) & -(long) recordSize;
    boolean firstPartial = offset != first || length < recordSize;
    boolean lastPartial = ((offset + length) & (recordSize - 1)) != 0;
    return (firstPartial && dirty.get(object, first) == null)
        || (lastPartial && dirty.get(object, last) == null);
  }

  /**
   * A part of a write going into a dirty record: {@code length} bytes from {@code from} to {@code
   * in}.
   */
  private record DirtyPiece(DirtyRecords.Record record, int in, int from, int length) {}

  /** Makes a record dirty with its stored content (zeros for a hole or a preallocated record). */
  private DirtyRecords.Record dirtyFromTree(long object, long start, int recordSize)
      throws IOException {
    byte[] content = new byte[recordSize];
    Extent old = ObjectData.extent(tree, object, start);
    int oldLength = 0;
    if (old != null) {
      oldLength = old.length();
      if (!old.preallocated()) {
        ObjectData.view(store, object, start, old).get(content, 0, oldLength);
      }
    }
    return dirty.add(object, start, content, oldLength);
  }

  /**
   * Stores a dirty record's content as its record (a hole when it is all zeros and compression is
   * on; a preallocated record with nothing written stays preallocated); returns the change in
   * allocated bytes. Not logged: dirty records come from unlogged writes.
   */
  public long storeDirty(long object, long start, DirtyRecords.Record r) throws IOException {
    Extent old = ObjectData.extent(tree, object, start);
    ByteBuffer block = ByteBuffer.wrap(r.content(), 0, r.length());
    if (compression != Compression.OFF && isZero(block)) {
      if (old == null || old.preallocated()) {
        return 0;
      }
      tree.delete(ItemType.key(object, ItemType.EXTENT, start));
      store.free(old.pointer(), txg);
      return -old.allocatedBytes();
    }
    return replace(object, start, old, r.content(), r.length());
  }

  private void undo(long object, List<Rewritten> rewritten, Exception cause) {
    try {
      for (Rewritten r : rewritten.reversed()) {
        TreeKey key = ItemType.key(object, ItemType.EXTENT, r.start());
        if (r.old() == null) {
          tree.delete(key);
        } else {
          tree.put(key, r.old().encode());
        }
        if (r.fresh() != null) {
          store.free(r.fresh(), txg);
        }
      }
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * Makes {@code [offset, offset+length)} read as zeros, deallocating what it can; returns the
   * change in allocated bytes.
   */
  public long zero(long object, int recordSize, long offset, long length) throws IOException {
    long end = length > Long.MAX_VALUE - offset ? Long.MAX_VALUE : offset + length;
    long delta = 0;
    TreeKey next = ItemType.key(object, ItemType.EXTENT, offset & -(long) recordSize);
    TreeKey stop = ItemType.key(object, ItemType.EXTENT, end);
    while (true) {
      List<TreeEntry> batch = tree.scan(next, stop, 256);
      if (batch.isEmpty()) {
        break;
      }
      for (TreeEntry item : batch) {
        long start = item.key().offset();
        Extent e = Extent.decode(item.value());
        long zs = Math.max(offset, start) - start;
        long ze = Math.min(end - start, recordSize);
        if (zs >= e.length()) {
          continue;
        }
        if (zs == 0 && ze >= e.length()) {
          delta -= e.allocatedBytes();
          tree.delete(item.key());
          if (e.pointer() != null) {
            store.free(e.pointer(), txg);
          }
          continue;
        }
        if (e.preallocated()) {
          continue;
        }
        byte[] content = ObjectData.load(store, object, start, e);
        int newLength = ze >= e.length() ? (int) zs : e.length();
        Arrays.fill(content, (int) zs, (int) Math.min(ze, e.length()), (byte) 0);
        if (isZero(ByteBuffer.wrap(content, 0, newLength))) {
          delta -= e.allocatedBytes();
          tree.delete(item.key());
          store.free(e.pointer(), txg);
        } else {
          delta += replace(object, start, e, content, newLength);
        }
      }
      next = batch.getLast().key().successor();
    }
    if (log != null) {
      log.zero(object, recordSize, offset, length);
    }
    return delta;
  }

  /** Marks records without data in the range as preallocated; returns the allocated increase. */
  long preallocate(long object, int recordSize, long offset, long length) throws IOException {
    long delta = 0;
    long last = (offset + length - 1) & -(long) recordSize;
    for (long start = offset & -(long) recordSize; ; start += recordSize) {
      TreeKey key = ItemType.key(object, ItemType.EXTENT, start);
      if (tree.get(key).isEmpty()) {
        tree.put(key, new Extent(recordSize, null).encode());
        delta += recordSize;
      }
      if (start >= last) {
        break;
      }
    }
    if (log != null) {
      log.preallocate(object, recordSize, offset, length);
    }
    return delta;
  }

  private long replace(long object, long start, Extent old, byte[] content, int length)
      throws IOException {
    // Copied by the store, which keeps the copy in its cache: data just written is often read
    // back soon (a read after a write, a later partial write into the record).
    BlockPointer p = store.write(ByteBuffer.wrap(content, 0, length), compression, txg);
    Extent fresh = new Extent(length, p);
    tree.put(ItemType.key(object, ItemType.EXTENT, start), fresh.encode());
    long delta = fresh.allocatedBytes();
    if (old != null) {
      delta -= old.allocatedBytes();
      if (old.pointer() != null) {
        store.free(old.pointer(), txg);
      }
    }
    return delta;
  }

  private static final byte[] ZEROS = new byte[64 << 10];

  /** Whether every remaining byte of a heap buffer is zero (vectorized comparison). */
  static boolean isZero(ByteBuffer block) {
    byte[] a = block.array();
    int off = block.arrayOffset() + block.position();
    int end = off + block.remaining();
    for (int at = off; at < end; at += ZEROS.length) {
      int n = Math.min(ZEROS.length, end - at);
      if (Arrays.mismatch(a, at, at + n, ZEROS, 0, n) >= 0) {
        return false;
      }
    }
    return true;
  }

  /** Applies the ops of a decoded record (replay: nothing is recorded again). */
  void apply(List<IntentRecord.Op> ops) throws IOException {
    for (IntentRecord.Op op : ops) {
      switch (op) {
        case IntentRecord.Put p -> put(p.key(), p.value());
        case IntentRecord.Delete d -> delete(d.key());
        case IntentRecord.DeleteRange r -> deleteRange(r.from(), r.toExclusive());
        case IntentRecord.Write w -> write(w.object(), w.recordSize(), w.offset(), w.data());
        case IntentRecord.Zero z -> zero(z.object(), z.recordSize(), z.offset(), z.length());
        case IntentRecord.Preallocate a ->
            preallocate(a.object(), a.recordSize(), a.offset(), a.length());
      }
    }
  }
}
