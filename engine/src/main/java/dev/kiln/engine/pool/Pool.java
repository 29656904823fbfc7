package dev.kiln.engine.pool;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.BlockStore;
import dev.kiln.engine.block.ChecksumMismatchException;
import dev.kiln.engine.block.CorruptMetadataException;
import dev.kiln.engine.cache.BlockCache;
import dev.kiln.engine.cache.CacheStats;
import dev.kiln.engine.space.SpaceAllocator;
import dev.kiln.engine.space.SpaceMapLog;
import dev.kiln.engine.vdev.DeviceGeometry;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An open pool: devices, allocator, block store, cache and transaction groups. Obtain one from
 * {@link PoolCreator} or {@link PoolImporter}; {@link #close()} exports it (a final sync, then the
 * devices are closed).
 */
public final class Pool implements Closeable {

  private final Label config;
  private final List<Vdev> vdevs;
  private final SpaceAllocator allocator;
  private final BlockCache cache;
  private final BlockIo io;
  private final TxgState txgs;
  private final PoolBlockStore store;
  private final TxgSync txgSync;
  private final Clock clock;
  private volatile SyncHandler syncHandler;

  Pool(
      Label config,
      List<Vdev> vdevs,
      SpaceAllocator allocator,
      PoolSettings settings,
      Uberblock committed,
      List<BlockPointer> logBlocks,
      long logRecordCount,
      boolean readOnly) {
    this.config = config;
    this.vdevs = List.copyOf(vdevs);
    this.allocator = allocator;
    this.clock = settings.clock();
    this.cache = new BlockCache(settings.cacheBytes());
    this.io = new BlockIo(config.poolName(), this.vdevs, config.ashift(), settings.alertHook());
    this.txgs = new TxgState(config.poolName(), committed == null ? 0 : committed.txg(), readOnly);
    this.store = new PoolBlockStore(io, allocator, cache, txgs);
    this.txgSync =
        new TxgSync(
            config,
            this.vdevs,
            allocator,
            store,
            txgs,
            settings.clock(),
            committed,
            logBlocks,
            logRecordCount);
  }

  /** The pool's name. */
  public String name() {
    return config.poolName();
  }

  /** The pool's random identity. */
  public long guid() {
    return config.poolGuid();
  }

  /** log2 of the allocation unit. */
  public int ashift() {
    return config.ashift();
  }

  /** Features recorded in the labels. */
  public Label config() {
    return config;
  }

  /** The block store everything above writes through. */
  public BlockStore blockStore() {
    return store;
  }

  /** The txg new writes and frees belong to. */
  public long openTxg() {
    return txgs.openTxg();
  }

  /** The newest committed txg. */
  public long lastSyncedTxg() {
    return txgs.lastSyncedTxg();
  }

  /** The meta object root of the newest committed txg, if one was ever set. */
  public Optional<BlockPointer> metaRoot() {
    Uberblock ub = txgSync.committed();
    return Optional.ofNullable(ub == null ? null : ub.metaRoot());
  }

  /** The newest committed uberblock. */
  public Uberblock committedUberblock() {
    return txgSync.committed();
  }

  /**
   * Installs the layer above's sync handler (one per pool: it owns the meta root). Replacing one
   * handler by another is refused; pass {@code null} first to detach.
   */
  public synchronized void setSyncHandler(SyncHandler handler) {
    if (handler != null && syncHandler != null) {
      throw new IllegalStateException("pool '" + name() + "' already has a sync handler");
    }
    syncHandler = handler;
  }

  /**
   * Commits the open txg now: runs the sync handler, writes space maps, flushes, writes the
   * uberblock, flushes. Returns the committed txg. The daemon calls this on a timer or when {@link
   * #dirtyBytes()} passes a threshold; tests call it directly.
   */
  public long sync() throws IOException {
    return txgSync.sync(syncHandler);
  }

  /**
   * Commits the open txg if {@code policy} says it is due: the interval since the last commit (by
   * the pool's clock) has passed, or the dirty bytes reached the threshold. The daemon calls this
   * from a periodic task; returns the committed txg, or empty when nothing was due.
   */
  public OptionalLong syncIfDue(SyncPolicy policy) throws IOException {
    Uberblock last = txgSync.committed();
    long since = last == null ? Long.MAX_VALUE : clock.millis() - last.timestampMillis();
    if (since >= policy.interval().toMillis() || dirtyBytes() >= policy.dirtyBytesThreshold()) {
      return OptionalLong.of(sync());
    }
    return OptionalLong.empty();
  }

  /**
   * A write barrier without a commit: every block written so far is durable when this returns. The
   * intent log uses it to acknowledge sync writes between txg commits.
   */
  public void flush() throws IOException {
    txgs.checkUsable();
    for (Vdev vdev : vdevs) {
      try {
        vdev.device.flush();
      } catch (IOException e) {
        vdev.writeErrors.incrementAndGet();
        io.alert(
            new PoolAlert.IoError(
                name(), vdev.index, vdev.device.name(), "flush", 0, e.toString()));
        throw e;
      }
    }
  }

  /** Allocates a raw intent-log reservation of {@code bytes} in {@code txg}, writing nothing. */
  public BlockPointer reserveLogBlock(int bytes, long txg) throws IOException {
    return store.reserveRaw(bytes, txg);
  }

  /**
   * After an import, before any new write: takes ownership again of a block written (and flushed)
   * after the last committed txg, such as an intent log block, in the open txg. The block is
   * verified first; claiming space that is not free is an {@link IllegalStateException}.
   */
  public void claim(BlockPointer pointer) throws IOException {
    store.claim(pointer, openTxg());
  }

  /** Bytes of blocks written since the last sync began: the daemon's dirty-data trigger. */
  public long dirtyBytes() {
    return store.dirtyBytes();
  }

  /** Space figures. */
  public PoolSpace space() {
    return new PoolSpace(
        allocator.capacityBytes(),
        allocator.freeBytes(),
        allocator.deferredBytes(),
        allocator.reserveBytes());
  }

  /** Error counters per device. */
  public List<DeviceErrorCounts> errorCounts() {
    return vdevs.stream().map(Vdev::counts).toList();
  }

  /** Block cache statistics. */
  public CacheStats cacheStats() {
    return cache.stats();
  }

  /** Whether a failed sync suspended the pool. */
  public boolean suspended() {
    return txgs.suspended();
  }

  /** The allocator (for tests and space reporting; mutate only through the block store). */
  SpaceAllocator allocator() {
    return allocator;
  }

  /**
   * Verifies the given blocks (bypassing the cache), the pool's space map blocks, every label copy
   * and every copy of the newest uberblock.
   */
  public ScrubReport scrub(Iterable<BlockPointer> blocks) throws IOException {
    return scrub(blocks, (bp, data) -> List.of());
  }

  /** Verifies the tree under {@code root} as described by {@code traversal}, plus pool metadata. */
  public ScrubReport scrub(BlockPointer root, ScrubTraversal traversal) throws IOException {
    return scrub(List.of(root), traversal);
  }

  private ScrubReport scrub(Iterable<BlockPointer> roots, ScrubTraversal traversal)
      throws IOException {
    txgs.checkUsable();
    List<ScrubError> errors = new ArrayList<>();
    long[] counts = new long[2];
    Uberblock ub = txgSync.committed();
    if (ub != null && ub.spaceMapHead() != null) {
      ScrubTraversal logs =
          (bp, data) ->
              bp.equals(ub.spaceMapHead()) ? SpaceMapLog.decodeHead(data).logBlocks() : List.of();
      walk(List.of(ub.spaceMapHead()), logs, counts, errors);
    }
    walk(roots, traversal, counts, errors);
    int labels = scrubLabels(ub, errors);
    return new ScrubReport(counts[0], counts[1], labels, errors);
  }

  private void walk(
      Iterable<BlockPointer> roots,
      ScrubTraversal traversal,
      long[] counts,
      List<ScrubError> errors)
      throws IOException {
    Deque<BlockPointer> stack = new ArrayDeque<>();
    roots.forEach(stack::push);
    while (!stack.isEmpty()) {
      BlockPointer bp = stack.pop();
      byte[] data;
      try {
        data = store.readUncached(bp);
      } catch (ChecksumMismatchException | CorruptMetadataException e) {
        errors.add(new ScrubError(bp.vdev(), bp, e.getMessage()));
        continue;
      } catch (IOException e) {
        errors.add(new ScrubError(bp.vdev(), bp, "read failed: " + e.getMessage()));
        continue;
      }
      counts[0]++;
      counts[1] += bp.physicalSize();
      try {
        for (BlockPointer child :
            traversal.children(bp, ByteBuffer.wrap(data).asReadOnlyBuffer())) {
          stack.push(child);
        }
      } catch (CorruptMetadataException e) {
        errors.add(new ScrubError(bp.vdev(), bp, "block does not parse: " + e.getMessage()));
      }
    }
  }

  private int scrubLabels(Uberblock ub, List<ScrubError> errors) throws IOException {
    int checked = 0;
    for (Vdev vdev : vdevs) {
      for (LabelReader.LabelCopy copy : LabelReader.readLabels(vdev.device)) {
        checked++;
        String problem = copy.error();
        if (problem == null
            && (copy.label().poolGuid() != guid()
                || copy.label().deviceGuid() != vdev.config.guid())) {
          problem = "label belongs to another pool or device";
        }
        if (problem == null && ub != null) {
          problem = checkNewestUberblock(vdev, copy.index(), ub);
        }
        if (problem != null) {
          vdev.checksumErrors.incrementAndGet();
          io.alert(
              new PoolAlert.LabelDamaged(
                  name(), vdev.index, vdev.device.name(), copy.index(), problem));
          errors.add(new ScrubError(vdev.index, null, "label " + copy.index() + ": " + problem));
        }
      }
    }
    return checked;
  }

  private String checkNewestUberblock(Vdev vdev, int label, Uberblock ub) throws IOException {
    int slotSize = DeviceGeometry.uberblockSlotSize(ashift());
    long slot = ub.txg() % DeviceGeometry.uberblockSlotCount(ashift());
    ByteBuffer buf = ByteBuffer.allocate(slotSize);
    vdev.device.read(
        vdev.geometry.labelOffset(label) + DeviceGeometry.RING_OFFSET + slot * slotSize, buf);
    try {
      Uberblock found = UberblockCodec.decode(buf.flip());
      return found.equals(ub) ? null : "uberblock copy of txg " + ub.txg() + " differs";
    } catch (CorruptMetadataException e) {
      return "uberblock copy of txg " + ub.txg() + " is damaged: " + e.getMessage();
    }
  }

  /** Exports the pool: a final sync (unless read-only or suspended), then closes the devices. */
  @Override
  public void close() throws IOException {
    if (txgs.closed()) {
      return;
    }
    IOException failure = null;
    try {
      if (!txgs.readOnly() && !txgs.suspended()) {
        sync();
      }
    } catch (IOException e) {
      failure = e;
    }
    txgs.close();
    for (Vdev vdev : vdevs) {
      try {
        vdev.device.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "Pool[" + name() + ", " + vdevs.size() + " devices, txg " + lastSyncedTxg() + "]";
  }
}
