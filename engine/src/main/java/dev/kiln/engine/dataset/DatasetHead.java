package dev.kiln.engine.dataset;

import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.PropertyMap;
import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.BlockStore;
import dev.kiln.engine.objset.DirtyRecords;
import dev.kiln.engine.objset.IntentLog;
import dev.kiln.engine.objset.ObjectSetContext;
import dev.kiln.engine.objset.ObjectSetSettings;
import dev.kiln.engine.tree.BPlusTree;
import dev.kiln.engine.zil.ZilWriter;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The writable head of a dataset: its tree, deadlist, snapshots, accounting and intent log; the
 * {@link ObjectSetContext} the object layer works on.
 *
 * <p>Free rule (ZFS): a block born after the newest snapshot (or, for a clone without snapshots,
 * after the origin) is freed at once; a block born at or before the clone's origin belongs to the
 * origin and is only uncharged; any other block goes on the head's deadlist.
 */
public final class DatasetHead implements ObjectSetContext {

  final DatasetPool owner;
  final long id;
  final long guid;
  final DatasetType type;
  final long creationTxg;
  final long creationMillis;
  final long originDatasetId;
  final long originSnapshotId;
  final long originTxg;
  final ReentrantLock lock = new ReentrantLock();
  final ReentrantReadWriteLock blockReaders = new ReentrantReadWriteLock();
  final DatasetBlockStore store;
  // Partial records written and not stored yet: at most 64 MiB before writers flush them.
  final DirtyRecords dirtyRecords = new DirtyRecords(64L << 20, this::storingReserved);
  final List<SnapshotState> snapshots = new CopyOnWriteArrayList<>();
  volatile String name;
  volatile PropertyMap local;
  volatile boolean syncing;
  // Set (under the lock) while dirty records are stored: their space was reserved when written.
  volatile boolean storingReserved;
  volatile long generation;
  volatile boolean destroyed;
  BPlusTree tree;
  Deadlist deadlist;
  ZilWriter zil;
  private ByteCount referenced = ByteCount.ZERO;
  private ByteCount unique = ByteCount.ZERO;
  private ByteCount originDropped = ByteCount.ZERO;

  DatasetHead(
      DatasetPool owner,
      long id,
      long guid,
      String name,
      DatasetType type,
      long creationTxg,
      long creationMillis,
      long originDatasetId,
      long originSnapshotId,
      long originTxg,
      PropertyMap local,
      BlockStore poolStore) {
    this.owner = owner;
    this.id = id;
    this.guid = guid;
    this.name = name;
    this.type = type;
    this.creationTxg = creationTxg;
    this.creationMillis = creationMillis;
    this.originDatasetId = originDatasetId;
    this.originSnapshotId = originSnapshotId;
    this.originTxg = originTxg;
    this.local = local;
    this.store = new DatasetBlockStore(this, poolStore);
  }

  /** The dataset's full name. */
  public String name() {
    return name;
  }

  /** Filesystem or volume. */
  public DatasetType type() {
    return type;
  }

  /**
   * Increases when the head tree is replaced (rollback): an object layer caching state derived from
   * the tree must reload it.
   */
  public long generation() {
    return generation;
  }

  /** The txg of the newest snapshot, or the origin's txg for a clone without snapshots, or 0. */
  long latestSnapshotTxg() {
    return snapshots.isEmpty() ? originTxg : snapshots.getLast().txg;
  }

  synchronized void born(BlockPointer bp) {
    ByteCount c = ByteCount.of(bp, owner.ashift());
    referenced = referenced.plus(c);
    unique = unique.plus(c);
  }

  /** The head stops referencing {@code bp} in {@code txg}: free, uncharge or deadlist it. */
  void release(BlockPointer bp, long txg) throws IOException {
    ByteCount c = ByteCount.of(bp, owner.ashift());
    if (bp.birthTxg() > latestSnapshotTxg()) {
      owner.poolStore().free(bp, txg);
      synchronized (this) {
        referenced = referenced.minus(c);
        unique = unique.minus(c);
      }
    } else if (bp.birthTxg() <= originTxg) {
      synchronized (this) {
        referenced = referenced.minus(c);
        originDropped = originDropped.plus(c);
      }
    } else {
      deadlist.add(bp);
      synchronized (this) {
        referenced = referenced.minus(c);
      }
    }
  }

  synchronized ByteCount referenced() {
    return referenced;
  }

  synchronized ByteCount unique() {
    return unique;
  }

  synchronized ByteCount originDropped() {
    return originDropped;
  }

  synchronized void setCounters(ByteCount referenced, ByteCount unique, ByteCount originDropped) {
    this.referenced = referenced;
    this.unique = unique;
    this.originDropped = originDropped;
  }

  synchronized void setUnique(ByteCount unique) {
    this.unique = unique;
  }

  @Override
  public long guid() {
    return guid;
  }

  @Override
  public BlockStore store() {
    return store;
  }

  @Override
  public BPlusTree tree() {
    if (destroyed) {
      throw new IllegalStateException("dataset " + name + " was destroyed");
    }
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("the dataset lock must be held to use the tree");
    }
    return tree;
  }

  @Override
  public Lock lock() {
    return lock;
  }

  @Override
  public Optional<ReadWriteLock> blockReaders() {
    return Optional.of(blockReaders);
  }

  private void storingReserved(DirtyRecords.Flush flush) throws IOException {
    boolean outer = storingReserved;
    storingReserved = true;
    try {
      flush.run();
    } finally {
      storingReserved = outer;
    }
  }

  @Override
  public Optional<DirtyRecords> dirtyRecords() {
    return Optional.of(dirtyRecords);
  }

  @Override
  public long openTxg() {
    return owner.pool().openTxg();
  }

  @Override
  public ObjectSetSettings settings() {
    return owner.settings(this);
  }

  @Override
  public IntentLog intentLog() {
    return zil;
  }

  /**
   * Runs a pool txg sync ({@link DatasetPool#sync()}): the object layer's commit of unlogged data.
   */
  @Override
  public void syncNow() throws IOException {
    if (lock.isHeldByCurrentThread()) {
      // The sync takes the administrative lock first, then every dataset lock.
      throw new IllegalStateException("syncNow must not be called while holding the dataset lock");
    }
    owner.sync();
  }

  @Override
  public Clock clock() {
    return owner.clock();
  }

  @Override
  public long availableBytes() {
    return owner.available(this);
  }

  @Override
  public long referencedBytes() {
    return referenced().allocated();
  }

  @Override
  public String toString() {
    return "DatasetHead[" + name + "]";
  }
}
