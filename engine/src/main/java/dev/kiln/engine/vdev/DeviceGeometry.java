package dev.kiln.engine.vdev;

/**
 * Where the labels and the allocatable region sit on one device of {@code asize} bytes.
 *
 * <p>Four labels of {@link #LABEL_SIZE} bytes: L0 at 0, L1 at 256 KiB, L2 at {@code asize - 512
 * KiB}, L3 at {@code asize - 256 KiB}. Two at each end, so that overwriting the start of a disk (a
 * stray partition table) or truncating its end still leaves a readable pair. Blocks live in {@code
 * [512 KiB, asize - 512 KiB)}.
 *
 * @param asize usable device size, a multiple of {@link #LABEL_SIZE}, fixed at pool creation
 */
public record DeviceGeometry(long asize) {

  /** Size of one label: a 128 KiB configuration area followed by a 128 KiB uberblock ring. */
  public static final int LABEL_SIZE = 256 * 1024;

  /** Labels per device. */
  public static final int LABEL_COUNT = 4;

  /** Offset of the configuration area within a label. */
  public static final int CONFIG_OFFSET = 0;

  /** Size of the configuration area. */
  public static final int CONFIG_SIZE = 128 * 1024;

  /** Offset of the uberblock ring within a label. */
  public static final int RING_OFFSET = 128 * 1024;

  /** Size of the uberblock ring. */
  public static final int RING_SIZE = 128 * 1024;

  /** Smallest device: four labels plus 1 MiB of blocks. */
  public static final long MIN_DEVICE_SIZE = LABEL_COUNT * (long) LABEL_SIZE + (1 << 20);

  /** Validates the usable size. */
  public DeviceGeometry {
    if (asize % LABEL_SIZE != 0 || asize < MIN_DEVICE_SIZE) {
      throw new IllegalArgumentException(
          "usable device size %d must be a multiple of %d and at least %d"
              .formatted(asize, LABEL_SIZE, MIN_DEVICE_SIZE));
    }
  }

  /** The geometry of a device of {@code deviceSize} bytes: its size rounded down to labels. */
  public static DeviceGeometry forDeviceSize(long deviceSize) {
    if (deviceSize < MIN_DEVICE_SIZE) {
      throw new IllegalArgumentException(
          "device of %d bytes is smaller than the minimum %d bytes"
              .formatted(deviceSize, MIN_DEVICE_SIZE));
    }
    return new DeviceGeometry(deviceSize - deviceSize % LABEL_SIZE);
  }

  /** Device offset of label {@code index} (0..3). */
  public long labelOffset(int index) {
    return switch (index) {
      case 0 -> 0;
      case 1 -> LABEL_SIZE;
      case 2 -> asize - 2L * LABEL_SIZE;
      case 3 -> asize - LABEL_SIZE;
      default -> throw new IllegalArgumentException("label index " + index);
    };
  }

  /** First byte of the allocatable region. */
  public long allocStart() {
    return 2L * LABEL_SIZE;
  }

  /** End (exclusive) of the allocatable region. */
  public long allocEnd() {
    return asize - 2L * LABEL_SIZE;
  }

  /** Bytes available for blocks. */
  public long allocatableBytes() {
    return allocEnd() - allocStart();
  }

  /** Size of one uberblock slot: 1 KiB, or one sector when sectors are larger. */
  public static int uberblockSlotSize(int ashift) {
    return Math.max(1024, 1 << ashift);
  }

  /** Number of uberblock slots in each ring. */
  public static int uberblockSlotCount(int ashift) {
    return RING_SIZE / uberblockSlotSize(ashift);
  }
}
