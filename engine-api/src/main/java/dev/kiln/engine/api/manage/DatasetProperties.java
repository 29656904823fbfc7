package dev.kiln.engine.api.manage;

import dev.kiln.engine.api.error.InvalidArgumentException;
import dev.kiln.engine.api.fs.CaseSensitivity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The catalogue of native dataset properties, with their types, defaults and inheritance. */
public final class DatasetProperties {

  private static final Set<DatasetType> BOTH = Set.of(DatasetType.values());
  private static final Set<DatasetType> FS = Set.of(DatasetType.FILESYSTEM);
  private static final Set<DatasetType> VOL = Set.of(DatasetType.VOLUME);
  private static final long MAX_SIZE = 1L << 60;

  /** Block compression: off, lz4, zstd. Inheritable; default lz4 (cheap and usually a win). */
  public static final DatasetProperty<CompressionSetting> COMPRESSION =
      new DatasetProperty<>(
          "compression",
          CompressionSetting.class,
          CompressionSetting.LZ4,
          true,
          true,
          BOTH,
          PropertyCodecs.enumeration("compression", CompressionSetting.class));

  /** Largest file block (power of two, 512 B to 1 MiB). Inheritable; default 128 KiB. */
  public static final DatasetProperty<Long> RECORDSIZE =
      new DatasetProperty<>(
          "recordsize",
          Long.class,
          128L << 10,
          true,
          true,
          FS,
          PropertyCodecs.size("recordsize", 512, 1 << 20, true, false));

  /** Volume block size (power of two, 512 B to 128 KiB), fixed at creation; default 16 KiB. */
  public static final DatasetProperty<Long> VOLBLOCKSIZE =
      new DatasetProperty<>(
          "volblocksize",
          Long.class,
          16L << 10,
          false,
          false,
          VOL,
          PropertyCodecs.size("volblocksize", 512, 128 << 10, true, false));

  /** Volume size in bytes (a multiple of volblocksize, checked by the engine); required. */
  public static final DatasetProperty<Long> VOLSIZE =
      new DatasetProperty<>(
          "volsize",
          Long.class,
          0L,
          false,
          true,
          VOL,
          PropertyCodecs.size("volsize", 0, MAX_SIZE, false, false));

  /** Limit on used space including snapshots and children; 0 (none) by default. */
  public static final DatasetProperty<Long> QUOTA =
      new DatasetProperty<>(
          "quota",
          Long.class,
          0L,
          false,
          true,
          FS,
          PropertyCodecs.size("quota", 1, MAX_SIZE, false, true));

  /** Limit on referenced space (head only); 0 (none) by default. */
  public static final DatasetProperty<Long> REFQUOTA =
      new DatasetProperty<>(
          "refquota",
          Long.class,
          0L,
          false,
          true,
          BOTH,
          PropertyCodecs.size("refquota", 1, MAX_SIZE, false, true));

  /** Space guaranteed to the dataset and its descendants; 0 (none) by default. */
  public static final DatasetProperty<Long> RESERVATION =
      new DatasetProperty<>(
          "reservation",
          Long.class,
          0L,
          false,
          true,
          BOTH,
          PropertyCodecs.size("reservation", 1, MAX_SIZE, false, true));

  /** Whether the dataset rejects changes. Inheritable; default off. */
  public static final DatasetProperty<Boolean> READONLY =
      new DatasetProperty<>(
          "readonly", Boolean.class, false, true, true, BOTH, PropertyCodecs.onOff("readonly"));

  /** Whether reads update access times. Inheritable; default on. */
  public static final DatasetProperty<Boolean> ATIME =
      new DatasetProperty<>(
          "atime", Boolean.class, true, true, true, FS, PropertyCodecs.onOff("atime"));

  /** How sync requests are honoured. Inheritable; default standard. */
  public static final DatasetProperty<SyncSetting> SYNC =
      new DatasetProperty<>(
          "sync",
          SyncSetting.class,
          SyncSetting.STANDARD,
          true,
          true,
          BOTH,
          PropertyCodecs.enumeration("sync", SyncSetting.class));

  /** NFS export options ("off", "on" or options). Inheritable; default off. */
  public static final DatasetProperty<String> SHARENFS =
      new DatasetProperty<>(
          "sharenfs", String.class, "off", true, true, FS, PropertyCodecs.share("sharenfs"));

  /** SMB share options ("off", "on" or options). Inheritable; default off. */
  public static final DatasetProperty<String> SHARESMB =
      new DatasetProperty<>(
          "sharesmb", String.class, "off", true, true, FS, PropertyCodecs.share("sharesmb"));

  /**
   * How names compare (sensitive, insensitive or mixed, ADR 012). Inheritable; set at creation
   * only, since the directories' name index is built for it; default sensitive.
   */
  public static final DatasetProperty<CaseSensitivity> CASESENSITIVITY =
      new DatasetProperty<>(
          "casesensitivity",
          CaseSensitivity.class,
          CaseSensitivity.SENSITIVE,
          true,
          false,
          FS,
          PropertyCodecs.enumeration("casesensitivity", CaseSensitivity.class));

  private static final Map<String, DatasetProperty<?>> BY_NAME = new LinkedHashMap<>();

  static {
    for (DatasetProperty<?> p :
        List.of(
            COMPRESSION,
            RECORDSIZE,
            VOLBLOCKSIZE,
            VOLSIZE,
            QUOTA,
            REFQUOTA,
            RESERVATION,
            READONLY,
            ATIME,
            SYNC,
            SHARENFS,
            SHARESMB,
            CASESENSITIVITY)) {
      BY_NAME.put(p.name(), p);
    }
  }

  private DatasetProperties() {}

  /** Every native property, in display order. */
  public static List<DatasetProperty<?>> all() {
    return List.copyOf(BY_NAME.values());
  }

  /** The native property with this name, or a user property if the name has a colon. */
  public static DatasetProperty<?> byName(String name) throws InvalidArgumentException {
    DatasetProperty<?> p = BY_NAME.get(name);
    if (p != null) {
      return p;
    }
    if (name != null && name.indexOf(':') >= 0) {
      return DatasetProperty.user(name);
    }
    throw new InvalidArgumentException("unknown property: " + name);
  }
}
