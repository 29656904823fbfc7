package dev.kiln.engine.pool;

import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.space.SpaceAllocator;
import dev.kiln.engine.space.SpaceMapLog;
import dev.kiln.engine.space.SpaceMapRecord;
import dev.kiln.engine.vdev.DeviceGeometry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Commits one transaction group. The order is the crash-safety argument:
 *
 * <ol>
 *   <li>the handler writes the txg's dirty blocks (new locations only: copy-on-write);
 *   <li>the txg's ALLOC/FREE records are appended to the space map log (or the log is condensed);
 *   <li>flush every device: all blocks the new uberblock reaches are durable;
 *   <li>write the uberblock into slot {@code txg % slots} of every label of every device;
 *   <li>flush again: the txg is committed; space freed one txg earlier becomes reusable.
 * </ol>
 *
 * A power loss before step 5 completes leaves at least the previous uberblock intact (a different
 * slot), and nothing it reaches was overwritten because frees are deferred.
 */
final class TxgSync {

  /** Condense once the log holds this many blocks... */
  static final int CONDENSE_BLOCKS = 64;

  /** ...or more than twice the records a condensed map would need, plus this slack. */
  static final long CONDENSE_SLACK = 1024;

  private final Label config;
  private final List<Vdev> vdevs;
  private final SpaceAllocator allocator;
  private final PoolBlockStore store;
  private final TxgState txgs;
  private final Clock clock;
  private final int slotSize;
  private final int slotCount;
  // Volatile: readers of the committed root must not wait for a running sync.
  private volatile Uberblock committed;
  private List<BlockPointer> logBlocks;
  private long logRecordCount;

  TxgSync(
      Label config,
      List<Vdev> vdevs,
      SpaceAllocator allocator,
      PoolBlockStore store,
      TxgState txgs,
      Clock clock,
      Uberblock committed,
      List<BlockPointer> logBlocks,
      long logRecordCount) {
    this.config = config;
    this.vdevs = vdevs;
    this.allocator = allocator;
    this.store = store;
    this.txgs = txgs;
    this.clock = clock;
    this.slotSize = DeviceGeometry.uberblockSlotSize(config.ashift());
    this.slotCount = DeviceGeometry.uberblockSlotCount(config.ashift());
    this.committed = committed;
    this.logBlocks = List.copyOf(logBlocks);
    this.logRecordCount = logRecordCount;
  }

  Uberblock committed() {
    return committed;
  }

  /** Commits the open txg; returns it. Any failure suspends the pool. */
  synchronized long sync(SyncHandler handler) throws IOException {
    long txg = txgs.beginSync();
    store.resetDirtyBytes();
    allocator.syncingThread(Thread.currentThread());
    try {
      BlockPointer previousRoot = committed == null ? null : committed.metaRoot();
      BlockPointer root = handler == null ? previousRoot : handler.sync(txg, previousRoot);
      txgs.closeSyncingTxg();
      BlockPointer head = writeSpaceMap(txg);
      flushAll();
      Uberblock ub =
          new Uberblock(
              FeatureFlags.FORMAT_VERSION,
              config.poolGuid(),
              txg,
              clock.millis(),
              config.guidSum(),
              head,
              root);
      writeUberblock(ub);
      flushAll();
      committed = ub;
      allocator.synced(txg);
      txgs.finishSync(txg);
      return txg;
    } catch (IOException | RuntimeException | Error e) {
      txgs.suspend(e);
      throw e;
    } finally {
      allocator.syncingThread(null);
    }
  }

  private BlockPointer writeSpaceMap(long txg) throws IOException {
    BlockPointer oldHead = committed == null ? null : committed.spaceMapHead();
    List<SpaceMapRecord> records = allocator.takeRecords(txg);
    if (records.isEmpty()) {
      return oldHead;
    }
    List<BlockPointer> blocks;
    long count;
    boolean condense =
        logBlocks.size() >= CONDENSE_BLOCKS
            || logRecordCount + records.size()
                > 2 * allocator.recordedRangeCount() + CONDENSE_SLACK;
    if (condense) {
      List<SpaceMapRecord> all = allocator.condensedRecords();
      blocks = writeLog(txg, all, new ArrayList<>());
      count = all.size();
      for (BlockPointer old : logBlocks) {
        store.freeMetadata(old, txg);
      }
    } else {
      blocks = writeLog(txg, records, new ArrayList<>(logBlocks));
      count = logRecordCount + records.size();
    }
    BlockPointer head = store.writeMetadata(SpaceMapLog.encodeHead(count, blocks), txg);
    if (oldHead != null) {
      store.freeMetadata(oldHead, txg);
    }
    logBlocks = List.copyOf(blocks);
    logRecordCount = count;
    return head;
  }

  private List<BlockPointer> writeLog(
      long txg, List<SpaceMapRecord> records, List<BlockPointer> into) throws IOException {
    for (ByteBuffer block : SpaceMapLog.encodeLog(txg, records)) {
      into.add(store.writeMetadata(block, txg));
    }
    return into;
  }

  private void writeUberblock(Uberblock ub) throws IOException {
    ByteBuffer slot = UberblockCodec.encode(ub, slotSize);
    long slotOffset = DeviceGeometry.RING_OFFSET + (ub.txg() % slotCount) * (long) slotSize;
    for (Vdev vdev : vdevs) {
      for (int label = 0; label < DeviceGeometry.LABEL_COUNT; label++) {
        try {
          vdev.device.write(vdev.geometry.labelOffset(label) + slotOffset, slot.duplicate());
        } catch (IOException e) {
          vdev.writeErrors.incrementAndGet();
          throw e;
        }
      }
    }
  }

  private void flushAll() throws IOException {
    for (Vdev vdev : vdevs) {
      try {
        vdev.device.flush();
      } catch (IOException e) {
        vdev.writeErrors.incrementAndGet();
        throw e;
      }
    }
  }
}
