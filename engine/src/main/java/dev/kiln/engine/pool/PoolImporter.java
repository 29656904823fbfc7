package dev.kiln.engine.pool;

import dev.kiln.engine.api.io.StorageDevice;
import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.space.Extent;
import dev.kiln.engine.space.SpaceAllocator;
import dev.kiln.engine.space.SpaceMapLog;
import dev.kiln.engine.space.SpaceMapRecord;
import dev.kiln.engine.vdev.DeviceGeometry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds pools on a set of devices by their labels and imports one: the newest valid uberblock
 * across all labels of all devices becomes the pool's state. If that state's space maps cannot be
 * read, the next older uberblock is tried (a rewind; only one txg back is guaranteed intact).
 *
 * <pre>{@code
 * List<ImportablePool> found = PoolImporter.on(devices).scan();
 * Pool pool = PoolImporter.on(devices).alertHook(hook).importPool("tank");
 * }</pre>
 */
public final class PoolImporter {

  private static final Logger LOG = LoggerFactory.getLogger(PoolImporter.class);

  private final List<StorageDevice> devices;
  private Clock clock = Clock.systemUTC();
  private PoolAlertHook alertHook = PoolAlertHook.NONE;
  private long cacheBytes = PoolSettings.DEFAULT_CACHE_BYTES;
  private boolean readOnly;

  private PoolImporter(List<? extends StorageDevice> devices) {
    this.devices = List.copyOf(devices);
  }

  /** An importer looking at {@code devices} (devices of other pools are ignored). */
  public static PoolImporter on(List<? extends StorageDevice> devices) {
    return new PoolImporter(devices);
  }

  /** Clock for uberblock timestamps. */
  public PoolImporter clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** Receiver of corruption and device alerts. */
  public PoolImporter alertHook(PoolAlertHook hook) {
    this.alertHook = Objects.requireNonNull(hook, "alertHook");
    return this;
  }

  /** Block cache budget in bytes. */
  public PoolImporter cacheBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("cache size must be >= 0: " + bytes);
    }
    this.cacheBytes = bytes;
    return this;
  }

  /** Import without ever writing (needed for pools with unknown write features). */
  public PoolImporter readOnly(boolean readOnly) {
    this.readOnly = readOnly;
    return this;
  }

  private record Found(Label label, StorageDevice device) {}

  /** The pools whose labels appear on the devices. */
  public List<ImportablePool> scan() throws IOException {
    Map<Long, List<Found>> byPool = group();
    List<ImportablePool> out = new ArrayList<>();
    for (List<Found> found : byPool.values()) {
      Label any = found.getFirst().label();
      String[] names = new String[any.vdevs().size()];
      for (Found f : found) {
        names[f.label().vdevIndex()] = f.device().name();
      }
      out.add(
          new ImportablePool(any.poolName(), any.poolGuid(), names.length, Arrays.asList(names)));
    }
    return out;
  }

  /** Imports the pool called {@code name}; it must be the only one of that name on the devices. */
  public Pool importPool(String name) throws IOException {
    List<Long> matches = new ArrayList<>();
    for (Map.Entry<Long, List<Found>> e : group().entrySet()) {
      if (e.getValue().getFirst().label().poolName().equals(name)) {
        matches.add(e.getKey());
      }
    }
    if (matches.isEmpty()) {
      throw new IOException("no pool named '" + name + "' on the given devices");
    }
    if (matches.size() > 1) {
      throw new IOException("several pools are named '" + name + "'; import by guid: " + matches);
    }
    return importPool(matches.getFirst());
  }

  /** Imports the pool with {@code guid}. */
  public Pool importPool(long guid) throws IOException {
    List<Found> found = group().get(guid);
    if (found == null) {
      throw new IOException("no pool with guid %016x on the given devices".formatted(guid));
    }
    Label config = found.getFirst().label();
    FeatureFlags.check(config, readOnly);
    Vdev[] vdevs = new Vdev[config.vdevs().size()];
    for (Found f : found) {
      Label l = f.label();
      if (!l.vdevs().equals(config.vdevs()) || l.ashift() != config.ashift()) {
        throw new IOException(
            "device %s disagrees with the other devices about pool '%s''s layout"
                .formatted(f.device().name(), config.poolName()));
      }
      if (vdevs[l.vdevIndex()] != null) {
        throw new IOException(
            "devices %s and %s both claim to be vdev %d of pool '%s'"
                .formatted(
                    vdevs[l.vdevIndex()].device.name(),
                    f.device().name(),
                    l.vdevIndex(),
                    config.poolName()));
      }
      if (f.device().size() < l.vdevs().get(l.vdevIndex()).asize()) {
        throw new IOException(
            "device %s is smaller than when pool '%s' was created"
                .formatted(f.device().name(), config.poolName()));
      }
      vdevs[l.vdevIndex()] = new Vdev(l.vdevIndex(), l.vdevs().get(l.vdevIndex()), f.device());
    }
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < vdevs.length; i++) {
      if (vdevs[i] == null) {
        missing.add("vdev %d (guid %016x)".formatted(i, config.vdevs().get(i).guid()));
      }
    }
    if (!missing.isEmpty()) {
      throw new IOException(
          "pool '%s' is missing devices: %s".formatted(config.poolName(), missing));
    }
    List<Vdev> vdevList = List.of(vdevs);
    PoolSettings settings = new PoolSettings(clock, alertHook, cacheBytes);
    BlockIo io = new BlockIo(config.poolName(), vdevList, config.ashift(), alertHook);
    List<String> failures = new ArrayList<>();
    List<Uberblock> candidates = uberblocks(config, vdevList);
    for (int i = 0; i < candidates.size(); i++) {
      Uberblock ub = candidates.get(i);
      Pool pool;
      try {
        pool = load(config, vdevList, io, ub, settings);
      } catch (IOException e) {
        LOG.warn(
            "pool '{}': txg {} is unusable ({}), trying an older one",
            config.poolName(),
            ub.txg(),
            e.getMessage());
        failures.add("txg " + ub.txg() + ": " + e.getMessage());
        continue;
      }
      if (i > 0 && !readOnly) {
        discardNewer(config, vdevList, ub, candidates.subList(0, i));
      }
      return pool;
    }
    throw new IOException(
        "pool '%s' has no usable uberblock%s"
            .formatted(config.poolName(), failures.isEmpty() ? "" : " " + failures));
  }

  private Pool load(Label config, List<Vdev> vdevs, BlockIo io, Uberblock ub, PoolSettings settings)
      throws IOException {
    List<BlockPointer> logBlocks = List.of();
    long recordCount = 0;
    List<SpaceMapRecord> records = new ArrayList<>();
    List<Extent> metadata = new ArrayList<>();
    if (ub.spaceMapHead() != null) {
      SpaceMapLog.Head head = SpaceMapLog.decodeHead(ByteBuffer.wrap(io.read(ub.spaceMapHead())));
      metadata.add(io.extentOf(ub.spaceMapHead()));
      logBlocks = head.logBlocks();
      recordCount = head.recordCount();
      for (BlockPointer bp : logBlocks) {
        records.addAll(SpaceMapLog.decodeLog(ByteBuffer.wrap(io.read(bp))).records());
        metadata.add(io.extentOf(bp));
      }
    }
    List<long[]> regions = new ArrayList<>();
    for (Vdev vdev : vdevs) {
      regions.add(new long[] {vdev.geometry.allocStart(), vdev.geometry.allocEnd()});
    }
    SpaceAllocator allocator = SpaceAllocator.restore(regions, records, metadata);
    return new Pool(config, vdevs, allocator, settings, ub, logBlocks, recordCount, readOnly);
  }

  /**
   * After a rewind, erases the skipped newer uberblocks from every ring: new txgs reuse those
   * numbers, and a stale copy must never outrank them at a later import.
   */
  private static void discardNewer(
      Label config, List<Vdev> vdevs, Uberblock chosen, List<Uberblock> skipped)
      throws IOException {
    int slotSize = DeviceGeometry.uberblockSlotSize(config.ashift());
    int slots = DeviceGeometry.uberblockSlotCount(config.ashift());
    for (Uberblock stale : skipped) {
      long slot = stale.txg() % slots;
      if (slot == chosen.txg() % slots) {
        continue;
      }
      for (Vdev vdev : vdevs) {
        for (int label = 0; label < DeviceGeometry.LABEL_COUNT; label++) {
          long offset =
              vdev.geometry.labelOffset(label) + DeviceGeometry.RING_OFFSET + slot * slotSize;
          vdev.device.write(offset, ByteBuffer.allocate(slotSize));
        }
      }
    }
    for (Vdev vdev : vdevs) {
      vdev.device.flush();
    }
  }

  /** Valid uberblocks of this pool from every ring copy, newest first, one per txg. */
  private static List<Uberblock> uberblocks(Label config, List<Vdev> vdevs) throws IOException {
    TreeMap<Long, Uberblock> byTxg = new TreeMap<>(Comparator.reverseOrder());
    for (Vdev vdev : vdevs) {
      for (int label = 0; label < DeviceGeometry.LABEL_COUNT; label++) {
        for (Uberblock ub :
            LabelReader.readRing(vdev.device, vdev.geometry, label, config.ashift())) {
          if (ub.poolGuid() == config.poolGuid()
              && ub.guidSum() == config.guidSum()
              && ub.version() <= FeatureFlags.FORMAT_VERSION) {
            byTxg.putIfAbsent(ub.txg(), ub);
          }
        }
      }
    }
    return new ArrayList<>(byTxg.values());
  }

  private Map<Long, List<Found>> group() throws IOException {
    Map<Long, List<Found>> byPool = new LinkedHashMap<>();
    for (StorageDevice device : devices) {
      Label label = LabelReader.firstValid(LabelReader.readLabels(device));
      if (label != null) {
        byPool
            .computeIfAbsent(label.poolGuid(), g -> new ArrayList<>())
            .add(new Found(label, device));
      }
    }
    return byPool;
  }
}
