package dev.kiln.engine.dataset;

import dev.kiln.engine.api.error.AlreadyExistsException;
import dev.kiln.engine.api.error.BusyException;
import dev.kiln.engine.api.error.InvalidArgumentException;
import dev.kiln.engine.api.error.NoSuchEntryException;
import dev.kiln.engine.api.io.StorageDevice;
import dev.kiln.engine.api.manage.DatasetName;
import dev.kiln.engine.api.manage.DatasetProperties;
import dev.kiln.engine.api.manage.DatasetProperty;
import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.PropertyInheritance;
import dev.kiln.engine.api.manage.PropertyMap;
import dev.kiln.engine.api.manage.PropertyValue;
import dev.kiln.engine.api.manage.SpaceUsage;
import dev.kiln.engine.block.BlockChecksum;
import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.BlockStore;
import dev.kiln.engine.block.ChecksumType;
import dev.kiln.engine.block.Compression;
import dev.kiln.engine.block.CorruptMetadataException;
import dev.kiln.engine.objset.ObjectSetSettings;
import dev.kiln.engine.pool.Pool;
import dev.kiln.engine.tree.BPlusTree;
import dev.kiln.engine.tree.BlockVisitor;
import dev.kiln.engine.tree.ChangeVisitor;
import dev.kiln.engine.tree.TreeDiff;
import dev.kiln.engine.tree.TreeEntry;
import dev.kiln.engine.tree.TreeKey;
import dev.kiln.engine.tree.TreeOptions;
import dev.kiln.engine.tree.TreeSnapshot;
import dev.kiln.engine.zil.LogRecord;
import dev.kiln.engine.zil.RecoveredLog;
import dev.kiln.engine.zil.ZilWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dataset layer of one pool: the dataset directory (the pool's meta object, a B+tree rooted in
 * the uberblock), every open dataset head, snapshots, clones, properties, space accounting and
 * transaction groups. See the package notes for the rules.
 *
 * <pre>{@code
 * Pool pool = PoolCreator.named("tank").device(dev).create();
 * DatasetPool datasets = DatasetPool.create(pool, List.of(dev), options, PropertyMap.empty());
 * datasets.createDataset("tank/home", DatasetType.FILESYSTEM, PropertyMap.empty());
 * ObjectSetContext home = datasets.head("tank/home");
 * SyncTimer timer =
 *     SyncTimer.start(datasets, scheduler, Duration.ofSeconds(5), 256 << 20, Duration.ofMillis(100));
 * }</pre>
 */
public final class DatasetPool implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(DatasetPool.class);

  /** Dirty bytes from which a sync first flushes the devices without holding any lock. */
  private static final long PRE_FLUSH_BYTES = 4L << 20;

  /** Called in the sync handler with the txg being synced. */
  private interface SyncTask {
    void run(long txg) throws IOException;
  }

  private static final TreeOptions TREE_OPTIONS = TreeOptions.defaults();

  private final Pool pool;
  private final BlockStore poolStore;
  private final PoolLogSpace logSpace;
  private final DatasetPoolOptions options;
  private final ReentrantLock admin = new ReentrantLock();
  private final Map<Long, DatasetHead> heads = new ConcurrentSkipListMap<>();
  private final Map<TreeKey, byte[]> written = new HashMap<>();
  private final List<SyncTask> tasks = new ArrayList<>();
  private BPlusTree directory;
  private long nextId = 1;
  private List<BlockPointer> deferredFrees = new ArrayList<>();
  private final List<BlockPointer> claimedLogBlocks = new ArrayList<>();
  private Runnable releaseLocks = () -> {};
  private volatile long lastSyncMillis;

  /** Settings per head; cleared whenever anything that inheritance depends on changes. */
  private final java.util.Map<DatasetHead, CachedSettings> settingsCache =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final java.util.concurrent.atomic.AtomicLong settingsGeneration =
      new java.util.concurrent.atomic.AtomicLong();

  private record CachedSettings(long generation, ObjectSetSettings settings) {}

  private DatasetPool(Pool pool, List<StorageDevice> devicesByVdev, DatasetPoolOptions options) {
    this.pool = pool;
    this.poolStore = pool.blockStore();
    this.logSpace = new PoolLogSpace(pool, devicesByVdev, pool.ashift());
    this.options = options;
    this.lastSyncMillis = options.clock().millis();
  }

  /**
   * Creates the dataset directory of a new pool and its root dataset (named like the pool), then
   * syncs. {@code devices} are the pool's devices (any order).
   */
  public static DatasetPool create(
      Pool pool,
      List<? extends StorageDevice> devices,
      DatasetPoolOptions options,
      PropertyMap rootProperties)
      throws IOException {
    if (pool.metaRoot().isPresent()) {
      throw new IOException("pool '" + pool.name() + "' already has a dataset directory");
    }
    DatasetPool dp = new DatasetPool(pool, DeviceOrder.byVdevIndex(pool, devices), options);
    dp.directory = BPlusTree.create(dp.poolStore, TREE_OPTIONS, dp.poolStore::free);
    pool.setSyncHandler(dp::syncHandler);
    dp.createDataset(pool.name(), DatasetType.FILESYSTEM, rootProperties);
    return dp;
  }

  /**
   * Opens the dataset directory of an imported pool: loads every dataset, reads every intent log
   * chain (before anything is written), replays unsynced records through the options' replayer, and
   * syncs once so that the replayed state no longer depends on the old logs.
   */
  public static DatasetPool open(
      Pool pool, List<? extends StorageDevice> devices, DatasetPoolOptions options)
      throws IOException {
    BlockPointer root =
        pool.metaRoot()
            .orElseThrow(
                () -> new IOException("pool '" + pool.name() + "' has no dataset directory"));
    DatasetPool dp = new DatasetPool(pool, DeviceOrder.byVdevIndex(pool, devices), options);
    dp.directory = BPlusTree.open(dp.poolStore, root, TREE_OPTIONS, dp.poolStore::free);
    Map<DatasetHead, List<LogRecord>> replay = dp.load();
    pool.setSyncHandler(dp::syncHandler);
    for (var e : replay.entrySet()) {
      for (LogRecord r : e.getValue()) {
        options.replayer().replay(e.getKey(), r.payload());
      }
    }
    dp.sync();
    return dp;
  }

  private Map<DatasetHead, List<LogRecord>> load() throws IOException {
    long synced = pool.lastSyncedTxg();
    Map<Long, DirectoryCodec.DatasetRecord> records = new LinkedHashMap<>();
    Map<Long, List<DirectoryCodec.SnapshotRecord>> snaps = new HashMap<>();
    boolean header = false;
    var cursor = directory.cursor(TreeKey.MIN);
    for (TreeEntry e = cursor.next(); e != null; e = cursor.next()) {
      TreeKey k = e.key();
      written.put(k, e.value());
      if (k.objectId() == 0 && k.itemType() == DirectoryCodec.ITEM_HEADER) {
        nextId = DirectoryCodec.decodeHeader(e.value());
        header = true;
      } else if (k.objectId() == 0 && k.itemType() == DirectoryCodec.ITEM_DEFERRED_FREE) {
        deferredFrees.add(DirectoryCodec.decodePointer(e.value()));
      } else if (k.itemType() == DirectoryCodec.ITEM_DATASET) {
        records.put(k.objectId(), DirectoryCodec.decodeDataset(k.objectId(), e.value()));
      } else if (k.itemType() == DirectoryCodec.ITEM_SNAPSHOT) {
        snaps
            .computeIfAbsent(k.objectId(), x -> new ArrayList<>())
            .add(DirectoryCodec.decodeSnapshot(k.offset(), e.value()));
      } else {
        throw new CorruptMetadataException("unknown dataset directory entry " + k);
      }
    }
    if (!header) {
      throw new CorruptMetadataException("dataset directory has no header");
    }
    Map<DatasetHead, List<LogRecord>> replay = new LinkedHashMap<>();
    for (var r : records.values()) {
      DatasetHead h =
          new DatasetHead(
              this,
              r.id(),
              r.guid(),
              r.name(),
              r.type(),
              r.creationTxg(),
              r.creationMillis(),
              r.originDatasetId(),
              r.originSnapshotId(),
              r.originTxg(),
              toPropertyMap(r.properties()),
              poolStore);
      if (r.headRoot() == null) {
        throw new CorruptMetadataException("dataset " + r.name() + " has no head root");
      }
      h.tree = BPlusTree.open(h.store, r.headRoot(), TREE_OPTIONS, h::release);
      h.deadlist = Deadlist.open(poolStore, ashift(), r.deadlistRoot(), r.deadlistTotal());
      h.setCounters(r.referenced(), r.unique(), r.originDropped());
      List<DirectoryCodec.SnapshotRecord> list =
          new ArrayList<>(snaps.getOrDefault(r.id(), List.of()));
      list.sort(
          Comparator.comparingLong(DirectoryCodec.SnapshotRecord::txg)
              .thenComparingLong(DirectoryCodec.SnapshotRecord::id));
      for (var s : list) {
        SnapshotState st =
            new SnapshotState(
                s.id(),
                s.guid(),
                s.name(),
                s.txg(),
                s.creationMillis(),
                s.root(),
                s.referenced(),
                Deadlist.open(poolStore, ashift(), s.deadlistRoot(), s.deadlistTotal()));
        st.holds.addAll(s.holds());
        st.originDroppedAtCreation = s.originDroppedAtCreation();
        h.snapshots.add(st);
      }
      long firstSeq = 0;
      if (r.logHeader() != null) {
        RecoveredLog log = RecoveredLog.read(logSpace, r.logHeader(), r.guid(), synced);
        for (int i = 0; i < log.blocks().size(); i++) {
          BlockPointer bp = log.blocks().get(i);
          if (bp.birthTxg() <= synced) {
            // Reserved in a committed txg: allocated in the restored allocator.
            deferredFrees.add(bp);
          } else if (i < log.writtenBytes().size()) {
            // Reserved after the last commit: free in the restored allocator, so claim the part
            // holding records until the replayed state is committed.
            claimedLogBlocks.add(claim(bp, log.writtenBytes().get(i)));
          }
        }
        if (!log.records().isEmpty()) {
          replay.put(h, log.records());
        }
        firstSeq = log.nextSequence();
      }
      h.zil = newZil(h, firstSeq);
      heads.put(h.id, h);
    }
    return replay;
  }

  /** Claims the first {@code bytes} of a log reservation as a block of its own. */
  private BlockPointer claim(BlockPointer reservation, int bytes) throws IOException {
    int sector = 1 << ashift();
    int padded = Math.max(sector, (bytes + sector - 1) / sector * sector);
    ByteBuffer raw = logSpace.read(reservation);
    byte[] stored = new byte[padded];
    raw.get(stored);
    BlockPointer bp =
        new BlockPointer(
            reservation.vdev(),
            reservation.offset(),
            padded,
            padded,
            pool.openTxg(),
            Compression.OFF.id(),
            ChecksumType.CRC32C_CRC32.id(),
            BlockChecksum.of(stored, 0, padded));
    pool.claim(bp);
    return bp;
  }

  private ZilWriter newZil(DatasetHead h, long firstSequence) {
    return new ZilWriter(h.guid, logSpace, h.lock, pool::openTxg, options.random(), firstSequence);
  }

  // ---------------------------------------------------------------- transaction groups

  /**
   * Commits a transaction group: every dataset's head tree, pending administrative changes, log
   * truncation, deadlists and the directory, then the pool's uberblock. Returns the txg.
   */
  public long sync() throws IOException {
    if (pool.dirtyBytes() >= PRE_FLUSH_BYTES) {
      // Make the data written so far durable before taking every lock: the sync's own flush then
      // has little left to wait for, and writers are not stalled behind the device meanwhile.
      pool.flush();
    }
    admin.lock();
    try {
      List<DatasetHead> locked = new ArrayList<>(heads.values());
      for (DatasetHead h : locked) {
        h.lock.lock();
        // Readers still reading blocks outside the lock finish before this txg's frees are reused.
        h.blockReaders.writeLock().lock();
      }
      boolean[] released = {false};
      releaseLocks =
          () -> {
            if (!released[0]) {
              released[0] = true;
              for (DatasetHead h : locked) {
                h.blockReaders.writeLock().unlock();
                h.lock.unlock();
              }
            }
          };
      for (DatasetHead h : locked) {
        flushDirtyRecords(h);
      }
      long txg;
      try {
        txg = pool.sync();
      } catch (IOException | RuntimeException e) {
        IOException io = e instanceof IOException x ? x : new IOException(e);
        for (DatasetHead h : heads.values()) {
          h.zil.fail(io);
        }
        throw e;
      } finally {
        releaseLocks.run();
        releaseLocks = () -> {};
        tasks.clear();
      }
      lastSyncMillis = options.clock().millis();
      for (DatasetHead h : heads.values()) {
        h.zil.synced(txg);
      }
      return txg;
    } finally {
      settingsGeneration.incrementAndGet(); // any administrative change may alter inheritance
      admin.unlock();
    }
  }

  /**
   * Stores a head's dirty records into its tree before the tree is written. A failure keeps the
   * records dirty (readable, and retried at the next sync or commit, which reports it to the
   * writer) instead of failing the whole txg.
   */
  private static void flushDirtyRecords(DatasetHead h) {
    try {
      h.dirtyRecords.flush();
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "dataset {}: dirty records stay in memory, storing them failed: {}",
          h.name,
          e.toString());
    }
  }

  private BlockPointer syncHandler(long txg, BlockPointer currentRoot) throws IOException {
    if (!admin.isHeldByCurrentThread()) {
      throw new IllegalStateException("sync a pool with datasets through DatasetPool.sync()");
    }
    try {
      List<BlockPointer> toFree = deferredFrees;
      deferredFrees = new ArrayList<>();
      for (BlockPointer bp : toFree) {
        poolStore.free(bp, txg);
      }
      // Claimed after a crash in this txg: freed one txg later, like any replaced log chain.
      deferredFrees.addAll(claimedLogBlocks);
      claimedLogBlocks.clear();
      for (DatasetHead h : heads.values()) {
        h.syncing = true;
        h.tree.sync(txg);
      }
      for (SyncTask t : List.copyOf(tasks)) {
        t.run(txg);
      }
      tasks.clear();
      for (DatasetHead h : heads.values()) {
        h.syncing = true;
        deferredFrees.addAll(h.zil.cut(txg));
      }
      return writeDirectory(txg);
    } finally {
      for (DatasetHead h : heads.values()) {
        h.syncing = false;
      }
      releaseLocks.run();
    }
  }

  private BlockPointer writeDirectory(long txg) throws IOException {
    Map<TreeKey, byte[]> wanted = new HashMap<>();
    wanted.put(DirectoryCodec.headerKey(), DirectoryCodec.header(nextId));
    for (int i = 0; i < deferredFrees.size(); i++) {
      wanted.put(DirectoryCodec.deferredKey(i), DirectoryCodec.pointer(deferredFrees.get(i)));
    }
    for (DatasetHead h : heads.values()) {
      BlockPointer dl = h.deadlist.sync(txg);
      Map<String, String> props = new LinkedHashMap<>();
      for (DatasetProperty<?> p : h.local.properties()) {
        props.put(p.name(), formatted(h.local, p));
      }
      wanted.put(
          DirectoryCodec.datasetKey(h.id),
          DirectoryCodec.encode(
              new DirectoryCodec.DatasetRecord(
                  h.id,
                  h.guid,
                  h.name,
                  h.type,
                  h.creationTxg,
                  h.creationMillis,
                  h.originDatasetId,
                  h.originSnapshotId,
                  h.originTxg,
                  h.tree.committedRoot().orElseThrow(),
                  dl,
                  h.deadlist.total(),
                  h.referenced(),
                  h.unique(),
                  h.originDropped(),
                  h.zil.header(),
                  props)));
      for (SnapshotState s : h.snapshots) {
        BlockPointer sdl = s.deadlist.sync(txg);
        wanted.put(
            DirectoryCodec.snapshotKey(h.id, s.id),
            DirectoryCodec.encode(
                new DirectoryCodec.SnapshotRecord(
                    s.id,
                    s.guid,
                    s.name,
                    s.txg,
                    s.creationMillis,
                    s.root,
                    s.referenced,
                    sdl,
                    s.deadlist.total(),
                    s.originDroppedAtCreation,
                    List.copyOf(s.holds))));
      }
    }
    for (TreeKey k : List.copyOf(written.keySet())) {
      if (!wanted.containsKey(k)) {
        directory.delete(k);
        written.remove(k);
      }
    }
    for (var e : wanted.entrySet()) {
      byte[] old = written.get(e.getKey());
      if (old == null || !java.util.Arrays.equals(old, e.getValue())) {
        if (e.getValue().length > directory.options().maxValueBytes()) {
          throw new IOException("dataset directory record too large: " + e.getKey());
        }
        directory.put(e.getKey(), e.getValue());
        written.put(e.getKey(), e.getValue());
      }
    }
    return directory.sync(txg);
  }

  /** Runs {@code task} in the next txg and commits it. Caller holds {@link #admin}. */
  private void runInSync(SyncTask task) throws IOException {
    tasks.add(task);
    sync();
  }

  /** Milliseconds (on the options' clock) of the last completed sync. */
  long lastSyncMillis() {
    return lastSyncMillis;
  }

  // ---------------------------------------------------------------- datasets

  /** Creates a dataset (its parent must exist); commits a txg. */
  public DatasetInfo createDataset(String name, DatasetType type, PropertyMap properties)
      throws IOException {
    admin.lock();
    try {
      DatasetName dn = parseDataset(name);
      checkNewName(dn);
      checkProperties(type, properties);
      if (type == DatasetType.VOLUME && properties.get(DatasetProperties.VOLSIZE).isEmpty()) {
        throw new InvalidArgumentException("volume " + name + " needs volsize");
      }
      DatasetHead[] made = new DatasetHead[1];
      runInSync(
          txg -> {
            DatasetHead h = newHead(dn.toString(), type, txg, 0, 0, 0, properties);
            h.tree = BPlusTree.create(h.store, TREE_OPTIONS, h::release);
            h.deadlist = Deadlist.empty(poolStore, ashift());
            h.syncing = true;
            h.tree.sync(txg);
            heads.put(h.id, h);
            made[0] = h;
          });
      return info(made[0]);
    } finally {
      settingsGeneration.incrementAndGet(); // any administrative change may alter inheritance
      admin.unlock();
    }
  }

  private DatasetHead newHead(
      String name,
      DatasetType type,
      long txg,
      long originDataset,
      long originSnapshot,
      long originTxg,
      PropertyMap props) {
    DatasetHead h =
        new DatasetHead(
            this,
            nextId++,
            newGuid(),
            name,
            type,
            txg,
            options.clock().millis(),
            originDataset,
            originSnapshot,
            originTxg,
            props,
            poolStore);
    h.zil = newZil(h, 0);
    return h;
  }

  /** Creates a writable clone of {@code snapshotName}; commits a txg. */
  public DatasetInfo clone(String snapshotName, String newName, PropertyMap properties)
      throws IOException {
    admin.lock();
    try {
      Located src = snapshotNamed(snapshotName);
      DatasetName dn = parseDataset(newName);
      if (!dn.pool().equals(pool.name())) {
        throw new InvalidArgumentException("a clone must be in the same pool: " + newName);
      }
      checkNewName(dn);
      checkProperties(src.head.type, properties);
      DatasetHead[] made = new DatasetHead[1];
      runInSync(
          txg -> {
            SnapshotState s = src.snapshot;
            DatasetHead h =
                newHead(dn.toString(), src.head.type, txg, src.head.id, s.id, s.txg, properties);
            h.tree = BPlusTree.open(h.store, s.root, TREE_OPTIONS, h::release);
            h.deadlist = Deadlist.empty(poolStore, ashift());
            h.setCounters(s.referenced, ByteCount.ZERO, ByteCount.ZERO);
            heads.put(h.id, h);
            made[0] = h;
          });
      return info(made[0]);
    } finally {
      settingsGeneration.incrementAndGet(); // any administrative change may alter inheritance
      admin.unlock();
    }
  }

  /** The dataset called {@code name}. */
  public DatasetInfo dataset(String name) throws IOException {
    return info(headNamed(name));
  }

  /** The head of dataset {@code name}: the object layer's {@code ObjectSetContext}. */
  public DatasetHead head(String name) throws IOException {
    return headNamed(name);
  }

  /** Every dataset, sorted by name (parents before children). */
  public List<DatasetInfo> datasets() {
    List<DatasetInfo> out = new ArrayList<>();
    for (DatasetHead h : heads.values()) {
      out.add(info(h));
    }
    out.sort(Comparator.comparing(DatasetInfo::name, DatasetPool::compareNames));
    return out;
  }

  private static int compareNames(String a, String b) {
    return a.replace('/', '\0').compareTo(b.replace('/', '\0'));
  }

  /** Renames a dataset and its descendants; guid and snapshots stay. Commits a txg. */
  public void rename(String from, String to) throws IOException {
    admin.lock();
    try {
      DatasetHead h = headNamed(from);
      DatasetName dn = parseDataset(to);
      if (h.name.equals(pool.name())) {
        throw new InvalidArgumentException("the pool's root dataset cannot be renamed");
      }
      if (!dn.pool().equals(pool.name())) {
        throw new InvalidArgumentException("cannot rename across pools: " + to);
      }
      if (dn.toString().startsWith(h.name + "/")) {
        throw new InvalidArgumentException("cannot rename " + from + " below itself");
      }
      checkNewName(dn);
      String oldPrefix = h.name;
      runInSync(
          txg -> {
            for (DatasetHead d : heads.values()) {
              if (d.name.equals(oldPrefix)) {
                d.name = dn.toString();
              } else if (d.name.startsWith(oldPrefix + "/")) {
                d.name = dn + d.name.substring(oldPrefix.length());
              }
            }
          });
    } finally {
      settingsGeneration.incrementAndGet(); // any administrative change may alter inheritance
      admin.unlock();
    }
  }

  /**
   * Destroys a dataset: with {@code recursive}, its descendants and all their snapshots too;
   * BusyException if it has children or snapshots otherwise, or if a snapshot is held or cloned.
   * Commits a txg.
   */
  public void destroy(String name, boolean recursive) throws IOException {
    admin.lock();
    try {
      DatasetHead h = headNamed(name);
      if (h.name.equals(pool.name())) {
        throw new BusyException("the pool's root dataset cannot be destroyed; export the pool");
      }
      List<DatasetHead> doomed = new ArrayList<>();
      for (DatasetHead d : heads.values()) {
        if (d == h || d.name.startsWith(h.name + "/")) {
          doomed.add(d);
        }
      }
      if (!recursive && doomed.size() > 1) {
        throw new BusyException("dataset " + name + " has children");
      }
      if (!recursive && !h.snapshots.isEmpty()) {
        throw new BusyException("dataset " + name + " has snapshots");
      }
      Set<Long> doomedIds = new java.util.HashSet<>();
      doomed.forEach(d -> doomedIds.add(d.id));
      for (DatasetHead d : doomed) {
        for (SnapshotState s : d.snapshots) {
          if (!s.holds.isEmpty()) {
            throw new BusyException(d.name + "@" + s.name + " is held: " + s.holds);
          }
          for (DatasetHead c : heads.values()) {
            if (c.originSnapshotId == s.id && !doomedIds.contains(c.id)) {
              throw new BusyException(d.name + "@" + s.name + " has clone " + c.name);
            }
          }
        }
      }
      // Deepest first, so clones inside the set go before their origins.
      doomed.sort(Comparator.comparingInt((DatasetHead d) -> depthOf(d, doomedIds)).reversed());
      runInSync(
          txg -> {
            for (DatasetHead d : doomed) {
              while (!d.snapshots.isEmpty()) {
                destroySnapshotNow(d, d.snapshots.getLast(), txg);
              }
              destroyHeadNow(d, txg);
            }
          });
    } finally {
      settingsGeneration.incrementAndGet(); // any administrative change may alter inheritance
      admin.unlock();
    }
  }

  /** Orders datasets so that children and clones come after what they depend on. */
  private int depthOf(DatasetHead d, Set<Long> within) {
    int depth = d.name.split("/").length;
    if (d.originDatasetId != 0 && within.contains(d.originDatasetId)) {
      depth += 1000 + depthOf(heads.get(d.originDatasetId), within);
    }
    return depth;
  }

  private void destroyHeadNow(DatasetHead h, long txg) throws IOException {
    // A destroyed head leaves the sync's list: wait here for readers outside its lock instead.
    h.lock.lock();
    h.blockReaders.writeLock().lock();
    try {
      destroyHeadLocked(h, txg);
    } finally {
      h.blockReaders.writeLock().unlock();
      h.lock.unlock();
    }
  }

  private void destroyHeadLocked(DatasetHead h, long txg) throws IOException {
    Set<BlockPointer> unique = new LinkedHashSet<>();
    uniqueBlocks(h, h.latestSnapshotTxg(), unique);
    for (BlockPointer bp : unique) {
      poolStore.free(bp, txg);
    }
    for (BlockPointer bp : h.deadlist.range(h.originTxg, Long.MAX_VALUE - 1)) {
      poolStore.free(bp, txg);
    }
    h.deadlist.destroy(txg);
    deferredFrees.addAll(h.zil.blocks());
    h.zil.fail(new IOException("dataset " + h.name + " was destroyed"));
    h.destroyed = true;
    heads.remove(h.id);
  }

  /** Blocks of the head's committed tree (nodes and data) born after {@code afterTxg}. */
  private void uniqueBlocks(DatasetHead h, long afterTxg, Set<BlockPointer> out)
      throws IOException {
    TreeSnapshot committed = h.tree.committed();
    committed.visitBlocks(afterTxg + 1, (bp, level) -> out.add(bp));
    ObjectLayout layout = layout(h.type);
    committed.visitEntries(
        afterTxg + 1,
        entry ->
            layout.dataBlocks(
                entry,
                bp -> {
                  if (bp.birthTxg() > afterTxg) {
                    out.add(bp);
                  }
                }));
  }

  private ObjectLayout layout(DatasetType type) {
    return type == DatasetType.VOLUME ? options.volumeLayout() : options.fileSystemLayout();
  }

  // ---------------------------------------------------------------- snapshots

  /** Takes {@code dataset@snap} (and, if recursive, of every descendant) in one txg. */
  public List<SnapshotInfo> snapshot(String snapshotName, boolean recursive) throws IOException {
    admin.lock();
    try {
      DatasetName sn = parseSnapshot(snapshotName);
      DatasetHead h = headNamed(sn.dataset().toString());
      List<DatasetHead> targets = new ArrayList<>();
      for (DatasetHead d : heads.values()) {
        if (d == h || (recursive && d.name.startsWith(h.name + "/"))) {
          targets.add(d);
        }
      }
      for (DatasetHead d : targets) {
        if (findSnapshot(d, sn.snapshot()) != null) {
          throw new AlreadyExistsException(d.name + "@" + sn.snapshot() + " exists");
        }
      }
      List<String> names = new ArrayList<>();
      runInSync(
          txg -> {
            for (DatasetHead d : targets) {
              SnapshotState s =
                  new SnapshotState(
                      nextId++,
                      newGuid(),
                      sn.snapshot(),
                      txg,
                      options.clock().millis(),
                      d.tree.committedRoot().orElseThrow(),
                      d.referenced(),
                      d.deadlist);
              s.originDroppedAtCreation = d.originDropped();
              d.deadlist = Deadlist.empty(poolStore, ashift());
              d.setUnique(ByteCount.ZERO);
              d.snapshots.add(s);
              names.add(d.name + "@" + s.name);
            }
          });
      List<SnapshotInfo> out = new ArrayList<>();
      for (String n : names) {
        out.add(snapshotInfo(n));
      }
      return out;
    } finally {
      settingsGeneration.incrementAndGet(); // any administrative change may alter inheritance
      admin.unlock();
    }
  }

  /** A snapshot by full name. */
  public SnapshotInfo snapshotInfo(String snapshotName) throws IOException {
    Located l = snapshotNamed(snapshotName);
    return info(l.head, l.snapshot);
  }

  /** The snapshots of a dataset, oldest first. */
  public List<SnapshotInfo> snapshots(String dataset) throws IOException {
    DatasetHead h = headNamed(dataset);
    h.lock.lock();
    try {
      List<SnapshotInfo> out = new ArrayList<>();
      for (SnapshotState s : h.snapshots) {
        out.add(info(h, s));
      }
      return out;
    } finally {
      h.lock.unlock();
    }
  }

  /** A read-only view of a snapshot's tree. */
  public TreeSnapshot snapshotTree(String snapshotName) throws IOException {
    return TreeSnapshot.open(poolStore, snapshotNamed(snapshotName).snapshot.root, TREE_OPTIONS);
  }

  /**
   * A read-only view of a dataset's head as of a txg this call commits (for diffs against the live
   * dataset).
   */
  public TreeSnapshot committedHead(String dataset) throws IOException {
    admin.lock();
    try {
      DatasetHead h = headNamed(dataset);
      sync();
      return TreeSnapshot.open(poolStore, h.tree.committedRoot().orElseThrow(), TREE_OPTIONS);
    } finally {
      settingsGeneration.incrementAndGet(); // any administrative change may alter inheritance
      admin.unlock();
    }
  }

  /**
   * Destroys a snapshot, reclaiming what only it held (from the next dataset's deadlist, by birth
   * txg; no tree walk); BusyException if held or cloned. Commits a txg.
   */
  public void destroySnapshot(String snapshotName) throws IOException {
    admin.lock();
    try {
      Located l = snapshotNamed(snapshotName);
      checkDestroyable(l.head, l.snapshot);
      runInSync(txg -> destroySnapshotNow(l.head, l.snapshot, txg));
    } finally {
      settingsGeneration.incrementAndGet(); // any administrative change may alter inheritance
      admin.unlock();
    }
  }

  private void checkDestroyable(DatasetHead h, SnapshotState s) throws BusyException {
    if (!s.holds.isEmpty()) {
      throw new BusyException(h.name + "@" + s.name + " is held: " + s.holds);
    }
    for (DatasetHead c : heads.values()) {
      if (c.originSnapshotId == s.id) {
        throw new BusyException(h.name + "@" + s.name + " has clone " + c.name);
      }
    }
  }

  private void destroySnapshotNow(DatasetHead h, SnapshotState s, long txg) throws IOException {
    int idx = h.snapshots.indexOf(s);
    long prevTxg = idx > 0 ? h.snapshots.get(idx - 1).txg : h.originTxg;
    boolean latest = idx == h.snapshots.size() - 1;
    Deadlist next = latest ? h.deadlist : h.snapshots.get(idx + 1).deadlist;
    List<BlockPointer> onlyHere = next.range(prevTxg, s.txg);
    next.remove(onlyHere);
    for (BlockPointer bp : onlyHere) {
      poolStore.free(bp, txg);
    }
    s.deadlist.moveAllInto(next);
    s.deadlist.destroy(txg);
    h.snapshots.remove(idx);
    if (latest) {
      ByteCount ref = h.referenced();
      ByteCount shared;
      if (idx > 0) {
        SnapshotState p = h.snapshots.get(idx - 1);
        // What P holds and the head no longer does: the head's deadlist, plus (for a clone) the
        // origin's blocks the head dropped since P was taken.
        shared =
            p.referenced
                .minus(h.deadlist.total())
                .minus(h.originDropped().minus(p.originDroppedAtCreation));
      } else if (h.originSnapshotId != 0) {
        SnapshotState o = originSnapshot(h);
        shared = o.referenced.minus(h.originDropped());
      } else {
        shared = ByteCount.ZERO;
      }
      h.setUnique(ref.minus(shared));
    }
  }

  private SnapshotState originSnapshot(DatasetHead h) throws IOException {
    DatasetHead o = heads.get(h.originDatasetId);
    if (o != null) {
      for (SnapshotState s : o.snapshots) {
        if (s.id == h.originSnapshotId) {
          return s;
        }
      }
    }
    throw new CorruptMetadataException("origin of clone " + h.name + " is missing");
  }

  /**
   * Returns the dataset to a snapshot's state, freeing what was born since; with newer snapshots,
   * BusyException unless {@code destroyNewer}. Commits a txg. The head's {@link
   * DatasetHead#generation()} increases.
   */
  public void rollback(String snapshotName, boolean destroyNewer) throws IOException {
    admin.lock();
    try {
      Located l = snapshotNamed(snapshotName);
      DatasetHead h = l.head;
      int idx = h.snapshots.indexOf(l.snapshot);
      List<SnapshotState> newer = List.copyOf(h.snapshots.subList(idx + 1, h.snapshots.size()));
      if (!newer.isEmpty() && !destroyNewer) {
        throw new BusyException(
            snapshotName + " is not the newest snapshot; " + newer.size() + " are newer");
      }
      for (SnapshotState s : newer) {
        checkDestroyable(h, s);
      }
      runInSync(
          txg -> {
            while (h.snapshots.getLast() != l.snapshot) {
              destroySnapshotNow(h, h.snapshots.getLast(), txg);
            }
            SnapshotState s = l.snapshot;
            Set<BlockPointer> born = new LinkedHashSet<>();
            uniqueBlocks(h, s.txg, born);
            for (BlockPointer bp : born) {
              poolStore.free(bp, txg);
            }
            h.deadlist.destroy(txg);
            h.deadlist = Deadlist.empty(poolStore, ashift());
            h.tree = BPlusTree.open(h.store, s.root, TREE_OPTIONS, h::release);
            h.setCounters(s.referenced, ByteCount.ZERO, s.originDroppedAtCreation);
            h.generation++;
          });
    } finally {
      settingsGeneration.incrementAndGet(); // any administrative change may alter inheritance
      admin.unlock();
    }
  }

  /** Adds a hold tag; AlreadyExistsException if present. Commits a txg. */
  public void hold(String snapshotName, String tag) throws IOException {
    admin.lock();
    try {
      Located l = snapshotNamed(snapshotName);
      if (tag == null || tag.isBlank() || tag.length() > 256) {
        throw new InvalidArgumentException("hold tags are 1 to 256 characters");
      }
      long size = 512;
      for (String t : l.snapshot.holds) {
        size += 2 + 3L * t.length();
      }
      if (size + 2 + 3L * tag.length() > directory.options().maxValueBytes()) {
        throw new InvalidArgumentException(snapshotName + " has too many holds");
      }
      if (l.snapshot.holds.contains(tag)) {
        throw new AlreadyExistsException(snapshotName + " already has hold " + tag);
      }
      runInSync(txg -> l.snapshot.holds.add(tag));
    } finally {
      settingsGeneration.incrementAndGet(); // any administrative change may alter inheritance
      admin.unlock();
    }
  }

  /** Removes a hold tag; NoSuchEntryException if absent. Commits a txg. */
  public void release(String snapshotName, String tag) throws IOException {
    admin.lock();
    try {
      Located l = snapshotNamed(snapshotName);
      if (!l.snapshot.holds.contains(tag)) {
        throw new NoSuchEntryException(snapshotName + " has no hold " + tag);
      }
      runInSync(txg -> l.snapshot.holds.remove(tag));
    } finally {
      settingsGeneration.incrementAndGet(); // any administrative change may alter inheritance
      admin.unlock();
    }
  }

  /**
   * Tree-level changes from snapshot {@code from} to {@code to} (a later snapshot of the same
   * dataset, or the dataset itself: its head as of a sync this call makes). Mapping keys to paths
   * is the object layer's job.
   */
  public void diff(String from, String to, ChangeVisitor visitor) throws IOException {
    BlockPointer oldRoot;
    BlockPointer newRoot;
    admin.lock();
    try {
      Located f = snapshotNamed(from);
      oldRoot = f.snapshot.root;
      if (to.indexOf('@') >= 0) {
        Located t = snapshotNamed(to);
        if (t.head != f.head || t.snapshot.txg < f.snapshot.txg) {
          throw new InvalidArgumentException(to + " is not a later snapshot of " + f.head.name);
        }
        newRoot = t.snapshot.root;
      } else {
        DatasetHead h = headNamed(to);
        if (h != f.head) {
          throw new InvalidArgumentException(from + " is not a snapshot of " + to);
        }
        sync();
        newRoot = h.tree.committedRoot().orElseThrow();
      }
    } finally {
      settingsGeneration.incrementAndGet(); // any administrative change may alter inheritance
      admin.unlock();
    }
    TreeDiff.between(poolStore, oldRoot, newRoot, TREE_OPTIONS, visitor);
  }

  // ---------------------------------------------------------------- properties

  /** Sets a property locally; commits a txg. */
  public <T> void setProperty(String dataset, DatasetProperty<T> property, T value)
      throws IOException {
    admin.lock();
    try {
      DatasetHead h = headNamed(dataset);
      PropertyMap updated = h.local.with(property, value);
      checkProperties(h.type, updated);
      long size = 512;
      for (DatasetProperty<?> p : updated.properties()) {
        size += 4 + 3L * (p.name().length() + formatted(updated, p).length());
      }
      if (size > directory.options().maxValueBytes()) {
        throw new InvalidArgumentException(
            "the properties of "
                + dataset
                + " would exceed the record limit of "
                + directory.options().maxValueBytes()
                + " bytes");
      }
      runInSync(txg -> h.local = updated);
    } finally {
      settingsGeneration.incrementAndGet(); // any administrative change may alter inheritance
      admin.unlock();
    }
  }

  /** Removes a local setting so the value is inherited; commits a txg. */
  public void inheritProperty(String dataset, DatasetProperty<?> property) throws IOException {
    admin.lock();
    try {
      DatasetHead h = headNamed(dataset);
      PropertyMap updated = h.local.without(property);
      runInSync(txg -> h.local = updated);
    } finally {
      settingsGeneration.incrementAndGet(); // any administrative change may alter inheritance
      admin.unlock();
    }
  }

  /** The effective value of a property and where it comes from. */
  public <T> PropertyValue<T> property(String dataset, DatasetProperty<T> property)
      throws IOException {
    DatasetHead h = headNamed(dataset);
    return PropertyInheritance.resolve(property, h.name, this::localOf, n -> PropertyMap.empty());
  }

  /** User properties set on the dataset or any ancestor. */
  public List<DatasetProperty<?>> userProperties(String dataset) throws IOException {
    DatasetHead h = headNamed(dataset);
    Map<String, DatasetProperty<?>> out = new LinkedHashMap<>();
    for (DatasetHead d = h; d != null; d = parentOf(d)) {
      for (DatasetProperty<?> p : d.local.properties()) {
        if (p.isUserProperty()) {
          out.putIfAbsent(p.name(), p);
        }
      }
    }
    return List.copyOf(out.values());
  }

  private PropertyMap localOf(String name) {
    for (DatasetHead h : heads.values()) {
      if (h.name.equals(name)) {
        return h.local;
      }
    }
    return PropertyMap.empty();
  }

  private <T> T effective(DatasetHead h, DatasetProperty<T> p) {
    return PropertyInheritance.resolve(p, h.name, this::localOf, n -> PropertyMap.empty()).value();
  }

  /**
   * Effective settings for the object layer, resolved through inheritance once and kept until a
   * property, name or the dataset tree changes: every write asks for them.
   */
  ObjectSetSettings settings(DatasetHead h) {
    long generation = settingsGeneration.get();
    CachedSettings cached = settingsCache.get(h);
    if (cached != null && cached.generation() == generation) {
      return cached.settings();
    }
    ObjectSetSettings fresh = resolveSettings(h);
    settingsCache.put(h, new CachedSettings(generation, fresh));
    return fresh;
  }

  private ObjectSetSettings resolveSettings(DatasetHead h) {
    Compression c =
        switch (effective(h, DatasetProperties.COMPRESSION)) {
          case OFF -> Compression.OFF;
          case LZ4 -> Compression.LZ4;
          case ZSTD -> Compression.ZSTD;
        };
    ObjectSetSettings.SyncMode sync =
        switch (effective(h, DatasetProperties.SYNC)) {
          case STANDARD -> ObjectSetSettings.SyncMode.STANDARD;
          case ALWAYS -> ObjectSetSettings.SyncMode.ALWAYS;
          case DISABLED -> ObjectSetSettings.SyncMode.DISABLED;
        };
    return new ObjectSetSettings(
        c,
        effective(h, DatasetProperties.RECORDSIZE).intValue(),
        effective(h, DatasetProperties.VOLBLOCKSIZE).intValue(),
        effective(h, DatasetProperties.ATIME),
        sync,
        effective(h, DatasetProperties.READONLY),
        effective(h, DatasetProperties.CASESENSITIVITY));
  }

  private static void checkProperties(DatasetType type, PropertyMap props)
      throws InvalidArgumentException {
    for (DatasetProperty<?> p : props.properties()) {
      if (!p.isUserProperty() && !p.appliesTo().contains(type)) {
        throw new InvalidArgumentException(
            "property " + p.name() + " does not apply to a " + type.name().toLowerCase());
      }
    }
  }

  private static <T> String formatted(PropertyMap map, DatasetProperty<T> p) {
    return p.format(map.get(p).orElseThrow());
  }

  private static PropertyMap toPropertyMap(Map<String, String> text) throws IOException {
    PropertyMap m = PropertyMap.empty();
    for (var e : text.entrySet()) {
      try {
        m = m.withText(e.getKey(), e.getValue());
      } catch (InvalidArgumentException ex) {
        throw new CorruptMetadataException("stored property does not parse: " + ex.getMessage());
      }
    }
    return m;
  }

  // ---------------------------------------------------------------- space

  /** Space accounting of a dataset (zfs used/referenced/available family). */
  public SpaceUsage space(String dataset) throws IOException {
    DatasetHead h = headNamed(dataset);
    ByteCount snaps = snapshotSpace(h);
    ByteCount children = childrenSpace(h);
    ByteCount ref = h.referenced();
    ByteCount own = h.unique();
    ByteCount used = own.plus(snaps).plus(children);
    double ratio = ref.physical() == 0 ? 1.0 : (double) ref.logical() / ref.physical();
    return new SpaceUsage(
        used.allocated(),
        ref.allocated(),
        available(h),
        snaps.allocated(),
        own.allocated(),
        children.allocated(),
        used.logical(),
        ref.logical(),
        Math.round(ratio * 100) / 100.0);
  }

  private ByteCount snapshotSpace(DatasetHead h) {
    ByteCount sum = h.deadlist.total();
    for (SnapshotState s : List.copyOf(h.snapshots)) {
      sum = sum.plus(s.deadlist.total());
    }
    return sum;
  }

  private ByteCount childrenSpace(DatasetHead h) {
    ByteCount sum = ByteCount.ZERO;
    for (DatasetHead c : heads.values()) {
      if (isChild(c, h)) {
        ByteCount u = usedOf(c);
        long reservation = effectiveLocal(c, DatasetProperties.RESERVATION);
        if (reservation > u.allocated()) {
          u = new ByteCount(reservation, u.physical(), u.logical());
        }
        sum = sum.plus(u);
      }
    }
    return sum;
  }

  private static boolean isChild(DatasetHead c, DatasetHead parent) {
    return c.name.startsWith(parent.name + "/")
        && c.name.indexOf('/', parent.name.length() + 1) < 0;
  }

  private ByteCount usedOf(DatasetHead h) {
    return h.unique().plus(snapshotSpace(h)).plus(childrenSpace(h));
  }

  private long effectiveLocal(DatasetHead h, DatasetProperty<Long> p) {
    return h.local.get(p).orElse(0L);
  }

  /** Bytes the dataset may still grow by: pool free space, reservations and quotas considered. */
  long available(DatasetHead h) {
    var space = pool.space();
    long poolFree = Math.max(0, space.freeBytes() - space.reservedBytes());
    long heldElsewhere = 0;
    for (DatasetHead d : heads.values()) {
      long res = effectiveLocal(d, DatasetProperties.RESERVATION);
      if (d != h && res > 0) {
        heldElsewhere += Math.max(0, res - usedOf(d).allocated());
      }
    }
    long avail = poolFree - heldElsewhere;
    long ownRes = effectiveLocal(h, DatasetProperties.RESERVATION);
    avail += Math.max(0, ownRes - usedOf(h).allocated());
    long refquota = effectiveLocal(h, DatasetProperties.REFQUOTA);
    if (refquota > 0) {
      avail = Math.min(avail, refquota - h.referenced().allocated());
    }
    for (DatasetHead d = h; d != null; d = parentOf(d)) {
      long quota = effectiveLocal(d, DatasetProperties.QUOTA);
      if (quota > 0) {
        avail = Math.min(avail, quota - usedOf(d).allocated());
      }
    }
    return Math.max(0, avail);
  }

  /** Why a write of {@code bytes} more would break a quota, or null if it fits. */
  String quotaProblem(DatasetHead h, long bytes) {
    long sector = 1L << ashift();
    long need = Math.max(sector, (bytes + sector - 1) / sector * sector);
    long refquota = effectiveLocal(h, DatasetProperties.REFQUOTA);
    if (refquota > 0 && h.referenced().allocated() + need > refquota) {
      return "dataset %s would exceed its refquota of %d bytes".formatted(h.name, refquota);
    }
    for (DatasetHead d = h; d != null; d = parentOf(d)) {
      long quota = effectiveLocal(d, DatasetProperties.QUOTA);
      if (quota > 0 && usedOf(d).allocated() + need > quota) {
        return "dataset %s would exceed the quota of %d bytes of %s"
            .formatted(h.name, quota, d.name);
      }
    }
    return null;
  }

  /**
   * Why a write of {@code bytes} more would eat into space reserved for other datasets, or null.
   * Costs nothing while no dataset has a reservation.
   */
  String reservationProblem(DatasetHead h, long bytes) {
    boolean any = false;
    for (DatasetHead d : heads.values()) {
      if (effectiveLocal(d, DatasetProperties.RESERVATION) > 0) {
        any = true;
        break;
      }
    }
    if (!any) {
      return null;
    }
    long sector = 1L << ashift();
    long need = Math.max(sector, (bytes + sector - 1) / sector * sector);
    return available(h) < need
        ? "dataset %s: the pool's remaining space is reserved for other datasets".formatted(h.name)
        : null;
  }

  private DatasetHead parentOf(DatasetHead h) {
    int slash = h.name.lastIndexOf('/');
    if (slash < 0) {
      return null;
    }
    String parent = h.name.substring(0, slash);
    for (DatasetHead d : heads.values()) {
      if (d.name.equals(parent)) {
        return d;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- block enumeration

  /**
   * Every block the dataset layer keeps allocated, each once: directory nodes, deadlist nodes,
   * heads' and snapshots' tree nodes and data blocks, intent log blocks and blocks awaiting their
   * deferred free. For space checks and scrub; reads every tree (a full walk).
   */
  public Set<BlockPointer> allocatedBlocks() throws IOException {
    return blocks(true);
  }

  /**
   * The blocks a scrub can verify through the pool: {@link #allocatedBlocks()} without intent log
   * blocks, which carry their own checksums (a log reservation has no pool checksum).
   */
  public Set<BlockPointer> verifiableBlocks() throws IOException {
    return blocks(false);
  }

  private Set<BlockPointer> blocks(boolean withLogs) throws IOException {
    admin.lock();
    try {
      Set<BlockPointer> out = new LinkedHashSet<>();
      BlockVisitor add = (bp, level) -> out.add(bp);
      if (directory.committedRoot().isPresent()) {
        directory.committed().visitBlocks(0, add);
      }
      if (withLogs) {
        out.addAll(deferredFrees);
        out.addAll(claimedLogBlocks);
      }
      for (DatasetHead h : heads.values()) {
        h.lock.lock();
        try {
          ObjectLayout layout = layout(h.type);
          List<BlockPointer> roots = new ArrayList<>();
          roots.add(h.tree.committedRoot().orElseThrow());
          h.deadlist.visitNodes(add);
          out.addAll(h.deadlist.entries());
          for (SnapshotState s : h.snapshots) {
            roots.add(s.root);
            s.deadlist.visitNodes(add);
            out.addAll(s.deadlist.entries());
          }
          for (BlockPointer root : roots) {
            TreeSnapshot t = TreeSnapshot.open(poolStore, root, TREE_OPTIONS);
            t.visitBlocks(0, add);
            t.visitEntries(0, e -> layout.dataBlocks(e, out::add));
          }
          if (withLogs) {
            out.addAll(h.zil.blocks());
          }
        } finally {
          h.lock.unlock();
        }
      }
      return out;
    } finally {
      settingsGeneration.incrementAndGet(); // any administrative change may alter inheritance
      admin.unlock();
    }
  }

  // ---------------------------------------------------------------- helpers

  /** The pool underneath. */
  public Pool pool() {
    return pool;
  }

  BlockStore poolStore() {
    return poolStore;
  }

  int ashift() {
    return pool.ashift();
  }

  Clock clock() {
    return options.clock();
  }

  private long newGuid() {
    long g;
    do {
      g = options.random().nextLong();
    } while (g == 0);
    return g;
  }

  private DatasetInfo info(DatasetHead h) {
    String origin = null;
    if (h.originSnapshotId != 0) {
      DatasetHead o = heads.get(h.originDatasetId);
      if (o != null) {
        for (SnapshotState s : List.copyOf(o.snapshots)) {
          if (s.id == h.originSnapshotId) {
            origin = o.name + "@" + s.name;
          }
        }
      }
    }
    return new DatasetInfo(
        h.name, h.guid, h.type, h.creationTxg, Instant.ofEpochMilli(h.creationMillis), origin);
  }

  private SnapshotInfo info(DatasetHead h, SnapshotState s) throws IOException {
    int idx = h.snapshots.indexOf(s);
    long prevTxg = idx > 0 ? h.snapshots.get(idx - 1).txg : h.originTxg;
    Deadlist next = idx == h.snapshots.size() - 1 ? h.deadlist : h.snapshots.get(idx + 1).deadlist;
    int clones = 0;
    for (DatasetHead c : heads.values()) {
      if (c.originSnapshotId == s.id) {
        clones++;
      }
    }
    return new SnapshotInfo(
        h.name + "@" + s.name,
        s.guid,
        s.txg,
        Instant.ofEpochMilli(s.creationMillis),
        Set.copyOf(s.holds),
        s.referenced.allocated(),
        next.bytesIn(prevTxg, s.txg).allocated(),
        clones);
  }

  private record Located(DatasetHead head, SnapshotState snapshot) {}

  private Located snapshotNamed(String name) throws IOException {
    DatasetName sn = parseSnapshot(name);
    DatasetHead h = headNamed(sn.dataset().toString());
    SnapshotState s = findSnapshot(h, sn.snapshot());
    if (s == null) {
      throw new NoSuchEntryException("no snapshot " + name);
    }
    return new Located(h, s);
  }

  private static SnapshotState findSnapshot(DatasetHead h, String shortName) {
    for (SnapshotState s : h.snapshots) {
      if (s.name.equals(shortName)) {
        return s;
      }
    }
    return null;
  }

  private DatasetHead headNamed(String name) throws IOException {
    DatasetName dn = parseDataset(name);
    for (DatasetHead h : heads.values()) {
      if (h.name.equals(dn.toString())) {
        return h;
      }
    }
    throw new NoSuchEntryException("no dataset " + name);
  }

  private static DatasetName parseDataset(String name) throws InvalidArgumentException {
    DatasetName dn = parse(name);
    if (dn.isSnapshot()) {
      throw new InvalidArgumentException("expected a dataset name, not a snapshot: " + name);
    }
    return dn;
  }

  private static DatasetName parseSnapshot(String name) throws InvalidArgumentException {
    DatasetName dn = parse(name);
    if (!dn.isSnapshot()) {
      throw new InvalidArgumentException("expected dataset@snapshot: " + name);
    }
    return dn;
  }

  private static DatasetName parse(String name) throws InvalidArgumentException {
    try {
      return DatasetName.parse(name);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(e.getMessage());
    }
  }

  private void checkNewName(DatasetName dn) throws IOException {
    if (!dn.pool().equals(pool.name())) {
      throw new InvalidArgumentException("dataset " + dn + " is not in pool " + pool.name());
    }
    for (DatasetHead h : heads.values()) {
      if (h.name.equals(dn.toString())) {
        throw new AlreadyExistsException("dataset " + dn + " exists");
      }
    }
    DatasetName parent = dn.parent();
    if (parent != null) {
      headNamed(parent.toString());
    } else if (!heads.isEmpty()) {
      throw new AlreadyExistsException("the pool's root dataset exists");
    }
  }

  /** Syncs, detaches from the pool and exports it. */
  @Override
  public void close() throws IOException {
    try {
      if (!pool.suspended()) {
        sync();
      }
    } finally {
      pool.setSyncHandler(null);
      pool.close();
    }
  }
}
