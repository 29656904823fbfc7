package dev.kiln.engine;

import dev.kiln.engine.api.block.BlockVolume;
import dev.kiln.engine.api.block.VolumeIdentity;
import dev.kiln.engine.api.error.BusyException;
import dev.kiln.engine.api.error.InvalidArgumentException;
import dev.kiln.engine.api.error.NoSuchEntryException;
import dev.kiln.engine.api.fs.DirectoryEntry;
import dev.kiln.engine.api.fs.DirectoryPage;
import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.FileType;
import dev.kiln.engine.api.manage.Dataset;
import dev.kiln.engine.api.manage.DatasetName;
import dev.kiln.engine.api.manage.DatasetProperties;
import dev.kiln.engine.api.manage.DatasetProperty;
import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.DeviceStatus;
import dev.kiln.engine.api.manage.DiffEntry;
import dev.kiln.engine.api.manage.DiffKind;
import dev.kiln.engine.api.manage.Pool;
import dev.kiln.engine.api.manage.PoolCapacity;
import dev.kiln.engine.api.manage.PoolHealth;
import dev.kiln.engine.api.manage.PropertyMap;
import dev.kiln.engine.api.manage.PropertyValue;
import dev.kiln.engine.api.manage.ScrubState;
import dev.kiln.engine.api.manage.ScrubStatus;
import dev.kiln.engine.api.manage.Snapshot;
import dev.kiln.engine.api.manage.SpaceUsage;
import dev.kiln.engine.api.manage.StorageEngine;
import dev.kiln.engine.api.manage.VdevSpec;
import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.dataset.DatasetHead;
import dev.kiln.engine.dataset.DatasetInfo;
import dev.kiln.engine.dataset.DatasetPool;
import dev.kiln.engine.dataset.DatasetPoolOptions;
import dev.kiln.engine.dataset.LogReplayer;
import dev.kiln.engine.dataset.ObjectLayout;
import dev.kiln.engine.dataset.SnapshotInfo;
import dev.kiln.engine.dataset.SyncTimer;
import dev.kiln.engine.fs.IntentReplayer;
import dev.kiln.engine.fs.ItemType;
import dev.kiln.engine.fs.TreeFileSystem;
import dev.kiln.engine.pool.PoolCreator;
import dev.kiln.engine.pool.PoolImporter;
import dev.kiln.engine.pool.ScrubReport;
import dev.kiln.engine.tree.TreeDiff;
import dev.kiln.engine.tree.TreeOptions;
import dev.kiln.engine.tree.TreeSnapshot;
import dev.kiln.engine.vdev.FileDevice;
import dev.kiln.engine.volume.TreeBlockVolume;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The copy-on-write storage engine behind {@link StorageEngine}: pools in files ({@link
 * FileDevice}), each run by a {@link DatasetPool}, with file systems ({@link TreeFileSystem}) and
 * volumes ({@link TreeBlockVolume}) over the dataset heads, and read-only views of snapshots.
 *
 * <p>With a scheduler, every pool gets a {@link SyncTimer} (every {@code syncInterval}, or when
 * {@code dirtyThreshold} bytes are dirty). Without one, txgs commit only on administrative changes
 * and {@link #sync(String)}.
 */
public final class CowStorageEngine implements StorageEngine {

  /**
   * Where the object layer keeps data block pointers: {@code EXTENT} items, encoded as kind (1 =
   * data), length, block pointer (see {@code dev.kiln.engine.fs.Extent}).
   */
  public static final ObjectLayout EXTENT_LAYOUT =
      (entry, sink) -> {
        byte[] v = entry.value();
        if (entry.key().itemTypeUnsigned() == ItemType.EXTENT
            && v.length == 1 + 4 + BlockPointer.SIZE
            && v[0] == 1) {
          sink.accept(BlockPointer.readFrom(ByteBuffer.wrap(v, 5, BlockPointer.SIZE)));
        }
      };

  /** Replays the object layer's intent records (file systems and volumes alike). */
  public static final LogReplayer REPLAYER =
      (head, record) -> new IntentReplayer(head).replay(record);

  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Duration syncInterval;
  private final long dirtyThreshold;
  private long cacheBytes = 64L << 20; // the pool layer's default block cache
  private final Map<String, Mounted> pools = new ConcurrentHashMap<>();

  private static final class Mounted {
    final DatasetPool datasets;
    final SyncTimer timer;
    final Map<Long, Object> objectLayers = new ConcurrentHashMap<>();
    final Map<Long, Long> generations = new ConcurrentHashMap<>();
    volatile ScrubStatus scrub = new ScrubStatus(ScrubState.NEVER_RUN, null, null, 0, 0, 0);

    Mounted(DatasetPool datasets, SyncTimer timer) {
      this.datasets = datasets;
      this.timer = timer;
    }
  }

  /**
   * An engine; {@code scheduler} (nullable) runs the sync timers.
   *
   * @param syncInterval txg interval (ZFS: 5 s)
   * @param dirtyThreshold dirty bytes that trigger a sync early
   */
  public CowStorageEngine(
      Clock clock, ScheduledExecutorService scheduler, Duration syncInterval, long dirtyThreshold) {
    this.clock = clock;
    this.scheduler = scheduler;
    this.syncInterval = syncInterval;
    this.dirtyThreshold = dirtyThreshold;
  }

  /** An engine with the system clock, no background syncs. */
  public CowStorageEngine() {
    this(Clock.systemUTC(), null, SyncTimer.DEFAULT_INTERVAL, 256L << 20);
  }

  /** Bounds each pool's block cache (bytes) for pools created or imported from now on. */
  public CowStorageEngine withCacheBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("cache size must not be negative");
    }
    this.cacheBytes = bytes;
    return this;
  }

  private DatasetPoolOptions options() {
    return new DatasetPoolOptions(
        clock, EXTENT_LAYOUT, EXTENT_LAYOUT, REPLAYER, new SecureRandom());
  }

  private Mounted mount(DatasetPool dp) {
    SyncTimer timer =
        scheduler == null
            ? null
            : SyncTimer.start(dp, scheduler, syncInterval, dirtyThreshold, Duration.ofMillis(100));
    Mounted m = new Mounted(dp, timer);
    pools.put(dp.pool().name(), m);
    return m;
  }

  @Override
  public Pool createPool(String name, List<VdevSpec> vdevs, PropertyMap rootProperties)
      throws IOException {
    if (pools.containsKey(name)) {
      throw new dev.kiln.engine.api.error.AlreadyExistsException("pool " + name + " is imported");
    }
    if (vdevs.isEmpty()) {
      throw new InvalidArgumentException("a pool needs at least one device");
    }
    List<FileDevice> devices = new ArrayList<>();
    try {
      for (VdevSpec v : vdevs) {
        devices.add(FileDevice.create(v.path(), v.sizeBytes()));
      }
      var pool =
          PoolCreator.named(name).devices(devices).clock(clock).cacheBytes(cacheBytes).create();
      DatasetPool dp = DatasetPool.create(pool, devices, options(), rootProperties);
      return poolView(mount(dp));
    } catch (IOException | RuntimeException e) {
      for (FileDevice d : devices) {
        try {
          d.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  @Override
  public Pool importPool(String nameOrGuid, List<Path> paths) throws IOException {
    List<FileDevice> devices = new ArrayList<>();
    for (Path p : paths) {
      devices.add(FileDevice.open(p));
    }
    PoolImporter importer = PoolImporter.on(devices).clock(clock).cacheBytes(cacheBytes);
    var pool =
        nameOrGuid.chars().allMatch(Character::isDigit) && !nameOrGuid.isEmpty()
            ? importer.importPool(Long.parseUnsignedLong(nameOrGuid))
            : importer.importPool(nameOrGuid);
    if (pools.containsKey(pool.name())) {
      pool.close();
      throw new BusyException("a pool named " + pool.name() + " is already imported");
    }
    return poolView(mount(DatasetPool.open(pool, devices, options())));
  }

  @Override
  public void exportPool(String name) throws IOException {
    Mounted m = mounted(name);
    if (m.timer != null) {
      m.timer.close();
    }
    pools.remove(name);
    m.datasets.close();
  }

  /** Commits a transaction group of pool {@code name} now. */
  public long sync(String name) throws IOException {
    return mounted(name).datasets.sync();
  }

  /** The dataset layer of an imported pool (for the daemon and tests). */
  public DatasetPool datasetPool(String name) throws IOException {
    return mounted(name).datasets;
  }

  @Override
  public List<Pool> pools() {
    List<Pool> out = new ArrayList<>();
    for (Mounted m : pools.values()) {
      out.add(poolView(m));
    }
    return out;
  }

  @Override
  public Pool pool(String name) throws IOException {
    return poolView(mounted(name));
  }

  private Mounted mounted(String pool) throws NoSuchEntryException {
    Mounted m = pools.get(pool);
    if (m == null) {
      throw new NoSuchEntryException("no imported pool " + pool);
    }
    return m;
  }

  private Mounted poolOf(String datasetOrSnapshot) throws IOException {
    try {
      return mounted(DatasetName.parse(datasetOrSnapshot).pool());
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(e.getMessage());
    }
  }

  @Override
  public Dataset createDataset(String name, DatasetType type, PropertyMap properties)
      throws IOException {
    Mounted m = poolOf(name);
    m.datasets.createDataset(name, type, properties);
    return datasetView(m, m.datasets.head(name));
  }

  @Override
  public Dataset dataset(String name) throws IOException {
    Mounted m = poolOf(name);
    return datasetView(m, m.datasets.head(name));
  }

  @Override
  public List<Dataset> datasets(String root, boolean recursive) throws IOException {
    Mounted m = poolOf(root);
    DatasetHead top = m.datasets.head(root);
    List<Dataset> out = new ArrayList<>();
    for (DatasetInfo d : m.datasets.datasets()) {
      if (d.name().equals(top.name()) || (recursive && d.name().startsWith(top.name() + "/"))) {
        out.add(datasetView(m, m.datasets.head(d.name())));
      }
    }
    return out;
  }

  @Override
  public void destroyDataset(String name, boolean recursive) throws IOException {
    Mounted m = poolOf(name);
    long guid = m.datasets.head(name).guid();
    m.datasets.destroy(name, recursive);
    m.objectLayers.remove(guid);
  }

  @Override
  public void renameDataset(String from, String to) throws IOException {
    poolOf(from).datasets.rename(from, to);
  }

  @Override
  public List<Snapshot> createSnapshot(String snapshotName, boolean recursive) throws IOException {
    Mounted m = poolOf(snapshotName);
    List<Snapshot> out = new ArrayList<>();
    for (SnapshotInfo s : m.datasets.snapshot(snapshotName, recursive)) {
      out.add(snapshotView(m, s.name()));
    }
    return out;
  }

  @Override
  public Snapshot snapshot(String snapshotName) throws IOException {
    Mounted m = poolOf(snapshotName);
    m.datasets.snapshotInfo(snapshotName);
    return snapshotView(m, snapshotName);
  }

  @Override
  public void destroySnapshot(String snapshotName) throws IOException {
    poolOf(snapshotName).datasets.destroySnapshot(snapshotName);
  }

  @Override
  public void rollback(String snapshotName, boolean destroyNewer) throws IOException {
    poolOf(snapshotName).datasets.rollback(snapshotName, destroyNewer);
  }

  @Override
  public void hold(String snapshotName, String tag) throws IOException {
    poolOf(snapshotName).datasets.hold(snapshotName, tag);
  }

  @Override
  public void release(String snapshotName, String tag) throws IOException {
    poolOf(snapshotName).datasets.release(snapshotName, tag);
  }

  /**
   * Changed paths between two states of a file system: the changed objects come from a tree diff
   * (cost follows the change); their paths come from walking both directory trees (cost follows the
   * number of directories and files: the object layer keeps no parent pointers). An object at
   * another path in the newer state is RENAMED; hard links report their first path.
   */
  @Override
  public List<DiffEntry> diff(String from, String to) throws IOException {
    Mounted m = poolOf(from);
    DatasetPool dp = m.datasets;
    String dataset = from.substring(0, Math.max(0, from.indexOf('@')));
    DatasetHead head = dp.head(dataset);
    if (head.type() != DatasetType.FILESYSTEM) {
      throw new InvalidArgumentException(dataset + " is not a file system");
    }
    TreeSnapshot older = dp.snapshotTree(from);
    TreeSnapshot newer;
    if (to.indexOf('@') >= 0) {
      if (!to.startsWith(dataset + "@")
          || dp.snapshotInfo(to).txg() < dp.snapshotInfo(from).txg()) {
        throw new InvalidArgumentException(to + " is not a later snapshot of " + dataset);
      }
      newer = dp.snapshotTree(to);
    } else {
      if (!to.equals(head.name())) {
        throw new InvalidArgumentException(from + " is not a snapshot of " + to);
      }
      newer = dp.committedHead(to);
    }
    Set<Long> changed = new java.util.TreeSet<>();
    TreeDiff.between(
        dp.pool().blockStore(),
        older.root(),
        newer.root(),
        TreeOptions.defaults(),
        c -> changed.add(c.key().objectId()));
    var store = dp.pool().blockStore();
    // A file system never opened has an empty tree: no paths rather than a missing header.
    Map<Long, Located> oldPaths =
        unformatted(older)
            ? Map.of()
            : paths(TreeFileSystem.view(older, store, head.guid(), clock));
    Map<Long, Located> newPaths =
        unformatted(newer)
            ? Map.of()
            : paths(TreeFileSystem.view(newer, store, head.guid(), clock));
    List<DiffEntry> out = new ArrayList<>();
    for (long ino : changed) {
      Located was = oldPaths.get(ino);
      Located now = newPaths.get(ino);
      if (was == null && now == null) {
        continue;
      } else if (was == null) {
        out.add(new DiffEntry(DiffKind.CREATED, now.path(), null, now.type()));
      } else if (now == null) {
        out.add(new DiffEntry(DiffKind.DELETED, was.path(), null, was.type()));
      } else if (!was.path().equals(now.path())) {
        out.add(new DiffEntry(DiffKind.RENAMED, was.path(), now.path(), now.type()));
      } else {
        out.add(new DiffEntry(DiffKind.MODIFIED, now.path(), null, now.type()));
      }
    }
    out.sort(java.util.Comparator.comparing(DiffEntry::path));
    return out;
  }

  private record Located(String path, FileType type) {}

  private static boolean unformatted(TreeSnapshot tree) throws IOException {
    return tree.root() == null || tree.ceiling(dev.kiln.engine.tree.TreeKey.MIN).isEmpty();
  }

  /** Every reachable inode's first path (breadth-first, names sorted). */
  private static Map<Long, Located> paths(FileSystem fs) throws IOException {
    Map<Long, Located> out = new java.util.HashMap<>();
    out.put(fs.rootInode(), new Located("/", FileType.DIRECTORY));
    java.util.ArrayDeque<Long> dirs = new java.util.ArrayDeque<>(List.of(fs.rootInode()));
    while (!dirs.isEmpty()) {
      long dir = dirs.poll();
      String base = out.get(dir).path();
      List<DirectoryEntry> entries = new ArrayList<>();
      long cookie = 0;
      long verifier = 0;
      while (true) {
        DirectoryPage page = fs.readdir(dir, cookie, verifier, 512);
        verifier = page.verifier();
        for (DirectoryEntry e : page.entries()) {
          if (!e.name().equals(".") && !e.name().equals("..")) {
            entries.add(e);
          }
          cookie = e.cookie();
        }
        if (page.endOfDirectory() || page.entries().isEmpty()) {
          break;
        }
      }
      entries.sort(java.util.Comparator.comparing(DirectoryEntry::name));
      for (DirectoryEntry e : entries) {
        if (out.containsKey(e.inode())) {
          continue;
        }
        String path = base.equals("/") ? "/" + e.name() : base + "/" + e.name();
        out.put(e.inode(), new Located(path, e.type()));
        if (e.type() == FileType.DIRECTORY) {
          dirs.add(e.inode());
        }
      }
    }
    return out;
  }

  @Override
  public Dataset clone(String snapshotName, String newDataset, PropertyMap properties)
      throws IOException {
    Mounted m = poolOf(snapshotName);
    m.datasets.clone(snapshotName, newDataset, properties);
    return datasetView(m, m.datasets.head(newDataset));
  }

  /** Exports every pool. */
  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (String name : List.copyOf(pools.keySet())) {
      try {
        exportPool(name);
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

  // ---------------------------------------------------------------- views

  private Pool poolView(Mounted m) {
    var pool = m.datasets.pool();
    return new Pool() {
      @Override
      public String name() {
        return pool.name();
      }

      @Override
      public long guid() {
        return pool.guid();
      }

      @Override
      public PoolHealth health() {
        return pool.suspended() ? PoolHealth.SUSPENDED : PoolHealth.ONLINE;
      }

      @Override
      public PoolCapacity capacity() {
        var s = pool.space();
        return new PoolCapacity(s.capacityBytes(), s.allocatedBytes(), s.freeBytes());
      }

      @Override
      public List<DeviceStatus> devices() {
        List<DeviceStatus> out = new ArrayList<>();
        for (var c : pool.errorCounts()) {
          out.add(
              new DeviceStatus(
                  c.device(),
                  c.checksumErrors() + c.readErrors() + c.writeErrors() == 0
                      ? PoolHealth.ONLINE
                      : PoolHealth.DEGRADED,
                  c.readErrors(),
                  c.writeErrors(),
                  c.checksumErrors()));
        }
        return out;
      }

      @Override
      public Set<String> features() {
        Set<String> f = new HashSet<>(pool.config().requiredFeatures());
        f.addAll(pool.config().writeFeatures());
        return f;
      }

      /** Runs the scrub to completion in the calling thread (no background scrub yet). */
      @Override
      public void startScrub() throws IOException {
        Instant started = clock.instant();
        var blocks = m.datasets.verifiableBlocks();
        long bytes = 0;
        for (BlockPointer bp : blocks) {
          bytes += bp.physicalSize();
        }
        m.scrub = new ScrubStatus(ScrubState.RUNNING, started, null, bytes, 0, 0);
        ScrubReport report = pool.scrub(blocks);
        m.scrub =
            new ScrubStatus(
                ScrubState.FINISHED,
                started,
                clock.instant(),
                bytes,
                report.bytesVerified(),
                report.errors().size());
      }

      @Override
      public ScrubStatus scrubStatus() {
        return m.scrub;
      }
    };
  }

  private Dataset datasetView(Mounted m, DatasetHead head) {
    DatasetPool dp = m.datasets;
    return new Dataset() {
      @Override
      public String name() {
        return head.name();
      }

      @Override
      public long guid() {
        return head.guid();
      }

      @Override
      public DatasetType type() {
        return head.type();
      }

      @Override
      public Instant creation() throws IllegalStateException {
        return info().creation();
      }

      private DatasetInfo info() {
        try {
          return dp.dataset(head.name());
        } catch (IOException e) {
          throw new IllegalStateException("dataset " + head.name() + " is gone", e);
        }
      }

      @Override
      public Optional<String> origin() {
        return Optional.ofNullable(info().origin());
      }

      @Override
      public SpaceUsage space() throws IOException {
        return dp.space(head.name());
      }

      @Override
      public <T> PropertyValue<T> get(DatasetProperty<T> property) throws IOException {
        return dp.property(head.name(), property);
      }

      @Override
      public List<PropertyValue<?>> properties() throws IOException {
        Map<String, DatasetProperty<?>> all = new LinkedHashMap<>();
        for (DatasetProperty<?> p : DatasetProperties.all()) {
          all.put(p.name(), p);
        }
        for (DatasetProperty<?> p : dp.userProperties(head.name())) {
          all.put(p.name(), p);
        }
        List<PropertyValue<?>> out = new ArrayList<>();
        for (DatasetProperty<?> p : all.values()) {
          if (p.isUserProperty() || p.appliesTo().contains(head.type())) {
            out.add(dp.property(head.name(), p));
          }
        }
        return out;
      }

      @Override
      public <T> void set(DatasetProperty<T> property, T value) throws IOException {
        fixedAtCreation(property);
        if (property.equals(DatasetProperties.VOLSIZE) && head.type() == DatasetType.VOLUME) {
          resizeVolume(m, head, (Long) value);
          return;
        }
        dp.setProperty(head.name(), property, value);
      }

      @Override
      public void inherit(DatasetProperty<?> property) throws IOException {
        fixedAtCreation(property);
        dp.inheritProperty(head.name(), property);
      }

      @Override
      public FileSystem fileSystem() throws IOException {
        if (head.type() != DatasetType.FILESYSTEM) {
          throw new InvalidArgumentException(head.name() + " is a volume");
        }
        return (FileSystem) objectLayer(m, head);
      }

      @Override
      public BlockVolume volume() throws IOException {
        if (head.type() != DatasetType.VOLUME) {
          throw new InvalidArgumentException(head.name() + " is a file system");
        }
        return (BlockVolume) objectLayer(m, head);
      }

      @Override
      public List<Snapshot> snapshots() throws IOException {
        List<Snapshot> out = new ArrayList<>();
        for (SnapshotInfo s : dp.snapshots(head.name())) {
          out.add(snapshotView(m, s.name()));
        }
        return out;
      }
    };
  }

  /** The file system or volume of a head, reopened after a rollback replaced its tree. */
  private Object objectLayer(Mounted m, DatasetHead head) throws IOException {
    synchronized (m) {
      Long gen = m.generations.get(head.guid());
      Object layer = m.objectLayers.get(head.guid());
      if (layer == null || gen == null || gen != head.generation()) {
        layer =
            head.type() == DatasetType.FILESYSTEM
                ? TreeFileSystem.open(head)
                : TreeBlockVolume.open(
                    head,
                    new VolumeIdentity(head.guid(), Long.toHexString(head.guid())),
                    512,
                    volumeBlocks(m, head));
        m.objectLayers.put(head.guid(), layer);
        m.generations.put(head.guid(), head.generation());
      }
      return layer;
    }
  }

  /**
   * Grows a volume: the property first, then the volume's header (a crash between them is finished
   * by the next open, which grows the header to the property). Shrinking would discard the data
   * past the new end and is refused, as a storage administrator would expect.
   */
  private void resizeVolume(Mounted m, DatasetHead head, long volsize) throws IOException {
    synchronized (m) {
      TreeBlockVolume volume = (TreeBlockVolume) objectLayer(m, head);
      long blocks = Math.max(1, volsize / 512);
      if (blocks < volume.blockCount()) {
        throw new InvalidArgumentException(
            "volsize of %s cannot shrink from %d to %d bytes: that would discard data"
                .formatted(head.name(), volume.blockCount() * 512, volsize));
      }
      m.datasets.setProperty(head.name(), DatasetProperties.VOLSIZE, volsize);
      volume.grow(blocks);
    }
  }

  private static long volumeBlocks(Mounted m, DatasetHead head) throws IOException {
    long volsize = m.datasets.property(head.name(), DatasetProperties.VOLSIZE).value();
    return Math.max(1, volsize / 512);
  }

  private Snapshot snapshotView(Mounted m, String fullName) {
    DatasetPool dp = m.datasets;
    return new Snapshot() {
      private SnapshotInfo info() throws IOException {
        return dp.snapshotInfo(fullName);
      }

      @Override
      public String name() {
        return fullName;
      }

      @Override
      public long guid() {
        try {
          return info().guid();
        } catch (IOException e) {
          throw new IllegalStateException(fullName + " is gone", e);
        }
      }

      @Override
      public long createTxg() {
        try {
          return info().txg();
        } catch (IOException e) {
          throw new IllegalStateException(fullName + " is gone", e);
        }
      }

      @Override
      public Instant creation() {
        try {
          return info().creation();
        } catch (IOException e) {
          throw new IllegalStateException(fullName + " is gone", e);
        }
      }

      @Override
      public Set<String> holds() throws IOException {
        return info().holds();
      }

      @Override
      public long used() throws IOException {
        return info().used();
      }

      @Override
      public long referenced() throws IOException {
        return info().referenced();
      }

      @Override
      public FileSystem fileSystem() throws IOException {
        DatasetHead head = dp.head(fullName.substring(0, fullName.indexOf('@')));
        if (head.type() != DatasetType.FILESYSTEM) {
          throw new InvalidArgumentException(fullName + " is a volume snapshot");
        }
        return TreeFileSystem.view(
            dp.snapshotTree(fullName), dp.pool().blockStore(), info().guid(), clock);
      }

      @Override
      public BlockVolume volume() throws IOException {
        DatasetHead head = dp.head(fullName.substring(0, fullName.indexOf('@')));
        if (head.type() != DatasetType.VOLUME) {
          throw new InvalidArgumentException(fullName + " is a file system snapshot");
        }
        return TreeBlockVolume.view(
            dp.snapshotTree(fullName),
            dp.pool().blockStore(),
            new VolumeIdentity(info().guid(), Long.toHexString(info().guid())));
      }
    };
  }

  /** Refuses to change a property the dataset's layout was built for (volblocksize, ADR 012). */
  private static void fixedAtCreation(DatasetProperty<?> property) throws InvalidArgumentException {
    if (!property.settableAfterCreation()) {
      throw new InvalidArgumentException(
          property.name() + " is fixed when the dataset is created and cannot be changed");
    }
  }
}
