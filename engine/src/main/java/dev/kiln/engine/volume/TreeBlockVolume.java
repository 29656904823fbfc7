package dev.kiln.engine.volume;

import dev.kiln.engine.api.block.BlockVolume;
import dev.kiln.engine.api.block.ProvisioningRun;
import dev.kiln.engine.api.block.VolumeIdentity;
import dev.kiln.engine.api.error.CorruptDataException;
import dev.kiln.engine.api.error.InvalidArgumentException;
import dev.kiln.engine.api.error.ReadOnlyFileSystemException;
import dev.kiln.engine.block.BlockStore;
import dev.kiln.engine.block.ChecksumMismatchException;
import dev.kiln.engine.fs.ItemType;
import dev.kiln.engine.fs.ObjectData;
import dev.kiln.engine.fs.PreparedWrite;
import dev.kiln.engine.fs.TreeChanges;
import dev.kiln.engine.objset.DirtyRecords;
import dev.kiln.engine.objset.ObjectSetContext;
import dev.kiln.engine.objset.ObjectSetSettings.SyncMode;
import dev.kiln.engine.tree.CorruptNodeException;
import dev.kiln.engine.tree.TreeKey;
import dev.kiln.engine.tree.TreeReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link BlockVolume} stored in an object-set tree: the volume's bytes are object {@value
 * #DATA_OBJECT}, in records of the volume block size (fixed at creation from volblocksize) keyed
 * {@code (1, EXTENT, byteOffset)}; unwritten and unmapped records are holes.
 */
public final class TreeBlockVolume implements BlockVolume {

  /** The object holding the volume's data. */
  public static final long DATA_OBJECT = 1;

  private static final TreeKey HEADER_KEY = ItemType.key(0, ItemType.HEADER, 0);
  private static final int MAGIC = 0x4b564c31;
  private static final int FORMAT = 1;

  private final ObjectSetContext ctx;
  private final TreeReader viewTree;
  private final BlockStore viewStore;
  private final VolumeIdentity identity;
  private final Lock lock;
  private final int blockSize;
  // Grows when volsize grows (see grow); read without the lock by bounds checks and the target.
  private volatile long blockCount;
  private final int recordSize;
  // The context's dirty records (partial records of non-FUA writes not stored yet), or null.
  private final DirtyRecords dirtyRecords;
  // Guarded by lock: the last record appended, the newest txg holding an unlogged (non-FUA)
  // change, and the newest txg known committed by a syncNow of our own.
  private long lastAppended = -1;
  private long unloggedTxg = -1;
  private long syncedTxg = -1;

  private TreeBlockVolume(
      ObjectSetContext ctx,
      TreeReader viewTree,
      BlockStore viewStore,
      VolumeIdentity identity,
      int blockSize,
      long blockCount,
      int recordSize) {
    this.ctx = ctx;
    this.viewTree = viewTree;
    this.viewStore = viewStore;
    this.identity = Objects.requireNonNull(identity, "identity");
    this.lock = ctx != null ? ctx.lock() : new ReentrantLock();
    this.blockSize = blockSize;
    this.blockCount = blockCount;
    this.recordSize = recordSize;
    this.dirtyRecords = ctx != null ? ctx.dirtyRecords().orElse(null) : null;
  }

  /**
   * The volume of {@code ctx}'s head tree. An empty tree is formatted with the given geometry and
   * the dataset's volblocksize (at least the logical block size); an existing volume must have the
   * same geometry.
   */
  public static TreeBlockVolume open(
      ObjectSetContext ctx, VolumeIdentity identity, int logicalBlockSize, long blockCount)
      throws IOException {
    if (logicalBlockSize != 512 && logicalBlockSize != 4096) {
      throw new IllegalArgumentException("logical block size must be 512 or 4096");
    }
    if (blockCount < 1) {
      throw new IllegalArgumentException("a volume needs at least one block");
    }
    long commitTo = -1;
    int recordSize;
    ctx.lock().lock();
    try {
      Optional<byte[]> stored = ctx.tree().get(HEADER_KEY);
      if (stored.isPresent()) {
        long[] g = decodeHeader(stored.get());
        if (g[0] == logicalBlockSize && g[1] < blockCount && !ctx.settings().readOnly()) {
          // volsize grew and the header did not follow (a crash between the two, or a volume
          // whose volsize was raised before volumes could grow): grow the header now.
          TreeChanges c = TreeChanges.begin(ctx);
          c.put(HEADER_KEY, header(logicalBlockSize, blockCount, (int) g[2]));
          for (byte[] rec : c.records()) {
            commitTo = ctx.intentLog().append(rec);
          }
          g[1] = blockCount;
        }
        if (g[0] != logicalBlockSize || g[1] != blockCount) {
          throw new IllegalArgumentException(
              "volume has %d blocks of %d bytes, asked for %d of %d"
                  .formatted(g[1], g[0], blockCount, logicalBlockSize));
        }
        recordSize = (int) g[2];
      } else {
        if (ctx.settings().readOnly()) {
          throw new ReadOnlyFileSystemException("cannot format a read-only, empty object set");
        }
        recordSize = Math.max(logicalBlockSize, ctx.settings().volBlockSize());
        TreeChanges c = TreeChanges.begin(ctx);
        c.put(HEADER_KEY, header(logicalBlockSize, blockCount, recordSize));
        for (byte[] rec : c.records()) {
          commitTo = ctx.intentLog().append(rec);
        }
      }
    } finally {
      ctx.lock().unlock();
    }
    if (commitTo >= 0) {
      ctx.intentLog().commit(commitTo);
    }
    TreeBlockVolume v =
        new TreeBlockVolume(ctx, null, null, identity, logicalBlockSize, blockCount, recordSize);
    v.lastAppended = commitTo;
    if (v.dirtyRecords != null) {
      ctx.lock().lock();
      try {
        v.dirtyRecords.flusher(records -> storeDirty(ctx, records));
      } finally {
        ctx.lock().unlock();
      }
    }
    return v;
  }

  /**
   * Stores every dirty record into the tree (unlogged: they come from non-FUA writes); called with
   * the lock held. A record that cannot be stored stays dirty, and so do the ones after it.
   */
  private static void storeDirty(ObjectSetContext ctx, DirtyRecords records) throws IOException {
    TreeChanges c = TreeChanges.begin(ctx, false);
    records.storeEach((at, r) -> c.storeDirty(at.object(), at.start(), r));
  }

  /** A read-only view of a committed volume tree (a snapshot's root). */
  public static TreeBlockVolume view(TreeReader tree, BlockStore store, VolumeIdentity identity)
      throws IOException {
    Optional<byte[]> stored = tree.get(HEADER_KEY);
    if (stored.isEmpty()) {
      throw new CorruptDataException("the tree holds no volume (no header item)");
    }
    long[] g = decodeHeader(stored.get());
    return new TreeBlockVolume(null, tree, store, identity, (int) g[0], g[1], (int) g[2]);
  }

  private static byte[] header(int logicalBlockSize, long blockCount, int recordSize) {
    return ByteBuffer.allocate(4 + 1 + 4 + 8 + 4)
        .putInt(MAGIC)
        .put((byte) FORMAT)
        .putInt(logicalBlockSize)
        .putLong(blockCount)
        .putInt(recordSize)
        .array();
  }

  /**
   * Grows the volume to {@code newBlockCount} blocks (logged and committed before it returns); the
   * new blocks read as zeros. Shrinking is refused: it would discard data.
   */
  public void grow(long newBlockCount) throws IOException {
    if (ctx == null || ctx.settings().readOnly()) {
      throw new ReadOnlyFileSystemException("cannot resize a read-only volume");
    }
    long commitTo = -1;
    lock.lock();
    try {
      if (newBlockCount < blockCount) {
        throw new InvalidArgumentException(
            "cannot shrink a volume from %d to %d blocks".formatted(blockCount, newBlockCount));
      }
      if (newBlockCount == blockCount) {
        return;
      }
      TreeChanges c = TreeChanges.begin(ctx);
      c.put(HEADER_KEY, header(blockSize, newBlockCount, recordSize));
      for (byte[] rec : c.records()) {
        commitTo = ctx.intentLog().append(rec);
      }
      blockCount = newBlockCount;
      lastAppended = Math.max(lastAppended, commitTo);
    } finally {
      lock.unlock();
    }
    if (commitTo >= 0) {
      ctx.intentLog().commit(commitTo);
    }
  }

  private static long[] decodeHeader(byte[] v) throws CorruptDataException {
    if (v.length != 21) {
      throw new CorruptDataException("volume header has " + v.length + " bytes, expected 21");
    }
    ByteBuffer b = ByteBuffer.wrap(v);
    if (b.getInt() != MAGIC) {
      throw new CorruptDataException("bad volume header magic: this tree is not a volume");
    }
    int format = b.get();
    if (format != FORMAT) {
      throw new CorruptDataException("unsupported volume format " + format);
    }
    long bs = b.getInt();
    long count = b.getLong();
    long rs = b.getInt();
    if ((bs != 512 && bs != 4096) || count < 1 || Long.bitCount(rs) != 1 || rs < bs) {
      throw new CorruptDataException("volume header geometry is invalid");
    }
    return new long[] {bs, count, rs};
  }

  @Override
  public VolumeIdentity identity() {
    return identity;
  }

  @Override
  public int logicalBlockSize() {
    return blockSize;
  }

  @Override
  public long blockCount() {
    return blockCount;
  }

  @Override
  public boolean readOnly() {
    return ctx == null || ctx.settings().readOnly();
  }

  /** The size in bytes of the volume's data records (its volblocksize at creation). */
  public int recordSize() {
    return recordSize;
  }

  @Override
  public void read(long lba, ByteBuffer dst) throws IOException {
    long count = blocks(dst.remaining());
    checkRange(lba, count);
    Optional<ReadWriteLock> readers = ctx != null ? ctx.blockReaders() : Optional.empty();
    ObjectData.ReadPlan plan;
    BlockStore store = ctx != null ? ctx.store() : viewStore;
    Lock shared = null;
    lock.lock();
    try {
      TreeReader tree = ctx != null ? ctx.tree() : viewTree;
      // With a blockReaders gate the blocks are read and decompressed after the lock is released,
      // so readers and writers of other records proceed meanwhile.
      long openTxg = readers.isPresent() ? ctx.openTxg() : -1;
      plan =
          ObjectData.plan(
              tree,
              store,
              dirtyRecords,
              DATA_OBJECT,
              recordSize,
              sizeBytes(),
              lba * blockSize,
              dst.remaining(),
              openTxg);
      if (readers.isEmpty()) {
        ObjectData.fill(store, plan, dst);
        return;
      }
      shared = readers.get().readLock();
      shared.lock();
    } catch (ChecksumMismatchException | CorruptNodeException e) {
      throw new CorruptDataException("volume metadata failed verification", e);
    } finally {
      lock.unlock();
    }
    try {
      ObjectData.fill(store, plan, dst);
    } finally {
      shared.unlock();
    }
  }

  @Override
  public void write(long lba, ByteBuffer src, boolean fua) throws IOException {
    writable();
    long count = blocks(src.remaining());
    checkRange(lba, count);
    // A heap buffer is used in place (the caller keeps it unchanged until we return).
    byte[] data;
    int from;
    int length = src.remaining();
    if (src.hasArray()) {
      data = src.array();
      from = src.arrayOffset() + src.position();
    } else {
      data = new byte[length];
      src.duplicate().get(data);
      from = 0;
    }
    long offset = lba * blockSize;
    // Whole records are compressed and checksummed here, before the lock, on the writer's thread.
    PreparedWrite prepared =
        length < recordSize
            ? PreparedWrite.NONE
            : PreparedWrite.of(
                ctx.settings().compression(), recordSize, offset, data, from, length);
    change(
        fua,
        true,
        c -> c.write(DATA_OBJECT, recordSize, offset, data, from, length, (e, l) -> {}, prepared),
        offset,
        length);
    src.position(src.limit());
  }

  @Override
  public void flush() throws IOException {
    writable();
    long seq;
    boolean needsSync;
    long open;
    lock.lock();
    try {
      seq = lastAppended;
      needsSync = unloggedTxg > syncedTxg;
      open = ctx.openTxg();
    } finally {
      lock.unlock();
    }
    if (ctx.settings().sync() == SyncMode.DISABLED) {
      return;
    }
    if (needsSync) {
      // Unlogged writes are in place in the pool: committing their txg makes them durable without
      // writing the data twice, and covers every logged record too.
      ctx.syncNow();
      lock.lock();
      try {
        syncedTxg = Math.max(syncedTxg, open);
      } finally {
        lock.unlock();
      }
    } else if (seq >= 0) {
      ctx.intentLog().commit(seq);
    }
  }

  @Override
  public void unmap(long lba, long count) throws IOException {
    writable();
    if (count < 0) {
      throw new InvalidArgumentException("negative block count " + count);
    }
    checkRange(lba, count);
    if (count == 0) {
      return;
    }
    change(false, c -> c.zero(DATA_OBJECT, recordSize, lba * blockSize, count * blockSize));
  }

  /**
   * Records whose extent a provisioning query looks up at most, so that one GET LBA STATUS holds
   * the lock briefly; the initiator asks again from where the run ended.
   */
  private static final int PROVISIONING_SCAN = 4096;

  @Override
  public ProvisioningRun provisioning(long lba, long maxBlocks) throws IOException {
    checkRange(lba, 1);
    long offset = lba * blockSize;
    long end = offset + Math.max(1, Math.min(maxBlocks, blockCount - lba)) * blockSize;
    lock.lock();
    try {
      if (dirtyRecords != null) {
        dirtyRecords.flush(); // the extents below must be current
      }
      TreeReader tree = ctx != null ? ctx.tree() : viewTree;
      // A record is mapped when it has an extent (data or preallocated); holes, including the
      // records of zeros that compression keeps as holes, are deallocated and read as zeros.
      long start = offset & -(long) recordSize;
      boolean mapped = tree.get(ItemType.key(DATA_OBJECT, ItemType.EXTENT, start)).isPresent();
      long next = start + recordSize;
      for (int i = 1; i < PROVISIONING_SCAN && next < end; i++) {
        if (tree.get(ItemType.key(DATA_OBJECT, ItemType.EXTENT, next)).isPresent() != mapped) {
          break;
        }
        next += recordSize;
      }
      return new ProvisioningRun((Math.min(next, end) - offset) / blockSize, mapped);
    } catch (ChecksumMismatchException | CorruptNodeException e) {
      throw new CorruptDataException("volume metadata failed verification", e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void writeSame(long lba, long count, ByteBuffer block) throws IOException {
    writable();
    if (block.remaining() != blockSize) {
      throw new InvalidArgumentException("WRITE SAME takes exactly one logical block");
    }
    if (count < 0) {
      throw new InvalidArgumentException("negative block count " + count);
    }
    checkRange(lba, count);
    byte[] one = new byte[blockSize];
    block.duplicate().get(one);
    boolean zero = true;
    for (byte b : one) {
      zero &= b == 0;
    }
    if (zero) {
      unmap(lba, count);
      return;
    }
    // Chunks of at most a megabyte (or one block) so memory stays bounded for huge ranges.
    long perChunk = Math.max(1, (1 << 20) / blockSize);
    for (long done = 0; done < count; ) {
      int n = (int) Math.min(perChunk, count - done);
      byte[] data = new byte[n * blockSize];
      for (int i = 0; i < n; i++) {
        System.arraycopy(one, 0, data, i * blockSize, blockSize);
      }
      long at = (lba + done) * blockSize;
      change(false, c -> c.write(DATA_OBJECT, recordSize, at, data));
      done += n;
    }
  }

  @FunctionalInterface
  private interface Change {
    void apply(TreeChanges changes) throws IOException;
  }

  /**
   * Applies a change under the lock. A durable (FUA) change, and every change under {@code
   * sync=always}, is logged with its data and committed before returning; any other change is not
   * logged at all: its blocks are already written and become durable with their txg, which {@link
   * #flush()} syncs.
   */
  private void change(boolean durable, Change body) throws IOException {
    change(durable, false, body, 0, 0);
  }

  /**
   * Applies a change like {@link #change(boolean, Change)}; an unlogged write ({@code absorb}) of
   * {@code [offset, offset+length)} keeps its partial records dirty (see {@link DirtyRecords})
   * while their space is available. Any other change stores the dirty records first.
   */
  private void change(boolean durable, boolean absorb, Change body, long offset, int length)
      throws IOException {
    long commitTo = -1;
    boolean logged = durable || ctx.settings().sync() == SyncMode.ALWAYS;
    boolean keepDirty = absorb && !logged && dirtyRecords != null;
    lock.lock();
    try {
      if (dirtyRecords != null && !dirtyRecords.isEmpty() && (!keepDirty || dirtyRecords.full())) {
        dirtyRecords.flush();
      }
      TreeChanges c = TreeChanges.begin(ctx, logged);
      if (keepDirty) {
        // Space for every dirty record (a whole record each) and two more must be available, so
        // that storing them later cannot fail where no initiator could be told.
        c.absorbPartialRecords(
            dirtyRecords,
            TreeChanges.addsDirty(dirtyRecords, DATA_OBJECT, recordSize, offset, length)
                && ctx.availableBytes() >= (dirtyRecords.count() + 2L) * recordSize);
      }
      try {
        body.apply(c);
      } finally {
        if (!logged) {
          unloggedTxg = Math.max(unloggedTxg, ctx.openTxg());
        }
        for (byte[] rec : c.records()) {
          lastAppended = ctx.intentLog().append(rec);
          if (logged) {
            commitTo = lastAppended;
          }
        }
      }
    } catch (ChecksumMismatchException | CorruptNodeException e) {
      throw new CorruptDataException("volume metadata failed verification", e);
    } finally {
      lock.unlock();
    }
    if (commitTo >= 0) {
      ctx.intentLog().commit(commitTo);
    }
  }

  private void writable() throws ReadOnlyFileSystemException {
    if (readOnly()) {
      throw new ReadOnlyFileSystemException("volume " + identity.serial() + " is read-only");
    }
  }

  private long blocks(int bytes) throws InvalidArgumentException {
    if (bytes % blockSize != 0) {
      throw new InvalidArgumentException(
          "buffer of %d bytes is not a whole number of %d-byte blocks".formatted(bytes, blockSize));
    }
    return bytes / blockSize;
  }

  private void checkRange(long lba, long count) throws InvalidArgumentException {
    if (lba < 0 || count < 0 || lba > blockCount || count > blockCount - lba) {
      throw new InvalidArgumentException(
          "blocks %d..%d are outside the volume's %d blocks"
              .formatted(lba, lba + count, blockCount));
    }
    if (count == 0 && lba >= blockCount) {
      throw new InvalidArgumentException("block " + lba + " is outside the volume");
    }
  }
}
