package dev.kiln.engine.pool;

import dev.kiln.engine.api.io.StorageDevice;
import dev.kiln.engine.space.Extent;
import dev.kiln.engine.space.SpaceAllocator;
import dev.kiln.engine.vdev.DeviceGeometry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Creates a pool: validates the request in {@link #create()}, writes four labels on every device,
 * then commits txg 1 (an empty pool).
 *
 * <pre>{@code
 * Pool pool = PoolCreator.named("tank").devices(List.of(device)).ashift(12).create();
 * }</pre>
 */
public final class PoolCreator {

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]{0,63}");

  private final String name;
  private final List<StorageDevice> devices = new ArrayList<>();
  private int ashift = 12;
  private Clock clock = Clock.systemUTC();
  private PoolAlertHook alertHook = PoolAlertHook.NONE;
  private long cacheBytes = PoolSettings.DEFAULT_CACHE_BYTES;
  private boolean force;
  private RandomGenerator random = new SecureRandom();

  private PoolCreator(String name) {
    this.name = name;
  }

  /** Starts describing a pool called {@code name}. */
  public static PoolCreator named(String name) {
    return new PoolCreator(name);
  }

  /** Adds devices (vdev indexes follow the order given). */
  public PoolCreator devices(List<? extends StorageDevice> devices) {
    this.devices.addAll(devices);
    return this;
  }

  /** Adds one device. */
  public PoolCreator device(StorageDevice device) {
    this.devices.add(Objects.requireNonNull(device, "device"));
    return this;
  }

  /** log2 of the allocation unit: 9 (512 B) or 12 (4 KiB, the default). */
  public PoolCreator ashift(int ashift) {
    this.ashift = ashift;
    return this;
  }

  /** Clock for uberblock timestamps. */
  public PoolCreator clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** Receiver of corruption and device alerts. */
  public PoolCreator alertHook(PoolAlertHook hook) {
    this.alertHook = Objects.requireNonNull(hook, "alertHook");
    return this;
  }

  /** Block cache budget in bytes (default 64 MiB; 0 disables caching). */
  public PoolCreator cacheBytes(long bytes) {
    this.cacheBytes = bytes;
    return this;
  }

  /** Overwrite devices that already carry a Kiln label. */
  public PoolCreator force(boolean force) {
    this.force = force;
    return this;
  }

  /** Source of guids (tests pass a seeded one for reproducibility). */
  public PoolCreator random(RandomGenerator random) {
    this.random = Objects.requireNonNull(random, "random");
    return this;
  }

  /** Validates, writes labels, commits txg 1 and returns the open pool. */
  public Pool create() throws IOException {
    validate();
    long poolGuid = nonZero();
    List<VdevConfig> vdevConfigs = new ArrayList<>();
    Set<Long> guids = new HashSet<>();
    for (StorageDevice device : devices) {
      long guid;
      do {
        guid = nonZero();
      } while (!guids.add(guid));
      vdevConfigs.add(new VdevConfig(guid, DeviceGeometry.forDeviceSize(device.size()).asize()));
    }
    List<Vdev> vdevs = new ArrayList<>();
    Label first = null;
    for (int i = 0; i < devices.size(); i++) {
      Label label =
          new Label(
              FeatureFlags.FORMAT_VERSION,
              name,
              poolGuid,
              vdevConfigs.get(i).guid(),
              i,
              ashift,
              1,
              vdevConfigs,
              FeatureFlags.DEFAULT_REQUIRED,
              Set.of());
      first = first == null ? label : first;
      Vdev vdev = new Vdev(i, vdevConfigs.get(i), devices.get(i));
      writeLabels(vdev, label);
      vdevs.add(vdev);
    }
    for (Vdev vdev : vdevs) {
      vdev.device.flush();
    }
    List<long[]> regions = new ArrayList<>();
    for (Vdev vdev : vdevs) {
      regions.add(new long[] {vdev.geometry.allocStart(), vdev.geometry.allocEnd()});
    }
    SpaceAllocator allocator = SpaceAllocator.empty(regions);
    for (Vdev vdev : vdevs) {
      // Before anything is allocated there: the intent log's region holds nothing yet.
      Extent log = allocator.logRegion(vdev.index);
      vdev.device.preallocate(log.offset(), log.length());
    }
    Pool pool =
        new Pool(
            first,
            vdevs,
            allocator,
            new PoolSettings(clock, alertHook, cacheBytes),
            null,
            List.of(),
            0,
            false);
    pool.sync();
    return pool;
  }

  private void validate() throws IOException {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "pool name '%s' must start with a letter and use only letters, digits, '_', '.', ':' or"
                  .formatted(name)
              + " '-' (at most 64 characters)");
    }
    if (devices.isEmpty()) {
      throw new IllegalArgumentException("pool '" + name + "' needs at least one device");
    }
    if (new HashSet<>(devices).size() != devices.size()) {
      throw new IllegalArgumentException("pool '" + name + "' lists a device twice");
    }
    if (ashift != 9 && ashift != 12) {
      throw new IllegalArgumentException("ashift must be 9 or 12, not " + ashift);
    }
    if (cacheBytes < 0) {
      throw new IllegalArgumentException("cache size must be >= 0: " + cacheBytes);
    }
    for (StorageDevice device : devices) {
      if (device.size() < DeviceGeometry.MIN_DEVICE_SIZE) {
        throw new IllegalArgumentException(
            "device %s has %d bytes; a pool device needs at least %d"
                .formatted(device.name(), device.size(), DeviceGeometry.MIN_DEVICE_SIZE));
      }
      if (!force) {
        Label existing = LabelReader.firstValid(LabelReader.readLabels(device));
        if (existing != null) {
          throw new IOException(
              "device %s belongs to pool '%s' (guid %016x); use force to overwrite it"
                  .formatted(device.name(), existing.poolName(), existing.poolGuid()));
        }
      }
    }
  }

  private long nonZero() {
    long v;
    do {
      v = random.nextLong();
    } while (v == 0);
    return v;
  }

  /** Writes the configuration area and an empty uberblock ring into each of the four labels. */
  private static void writeLabels(Vdev vdev, Label label) throws IOException {
    ByteBuffer whole = ByteBuffer.allocate(DeviceGeometry.LABEL_SIZE);
    whole.put(
        DeviceGeometry.CONFIG_OFFSET, LabelCodec.encode(label), 0, DeviceGeometry.CONFIG_SIZE);
    for (int i = 0; i < DeviceGeometry.LABEL_COUNT; i++) {
      vdev.device.write(vdev.geometry.labelOffset(i), whole.duplicate().clear());
    }
  }
}
