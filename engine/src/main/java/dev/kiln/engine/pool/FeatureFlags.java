package dev.kiln.engine.pool;

import java.util.Set;
import java.util.TreeSet;

/**
 * The on-disk features this build understands. A pool lists the features it uses in its labels:
 * <em>required</em> ones change how data is read, so an unknown one refuses the import;
 * <em>write</em> ones only change how it is written, so an unknown one still allows a read-only
 * import. Names are namespaced ({@code dev.kiln:...}) so forks can add their own.
 */
public final class FeatureFlags {

  /** The on-disk format version this build writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  /** Space maps as a log of ALLOC/FREE records with condensing. */
  public static final String SPACE_MAP_LOG = "dev.kiln:space_map_log";

  /** LZ4-compressed blocks. */
  public static final String LZ4 = "dev.kiln:lz4_compress";

  /** ZSTD-compressed blocks. */
  public static final String ZSTD = "dev.kiln:zstd_compress";

  /** Required features this build can read. */
  public static final Set<String> KNOWN_REQUIRED = Set.of(SPACE_MAP_LOG, LZ4, ZSTD);

  /** Write features this build can write. */
  public static final Set<String> KNOWN_WRITE = Set.of();

  /** Features a new pool is created with. */
  public static final Set<String> DEFAULT_REQUIRED = KNOWN_REQUIRED;

  private FeatureFlags() {}

  /**
   * Checks {@code label}'s features: an unknown required feature always refuses; an unknown write
   * feature refuses unless {@code readOnly}.
   */
  public static void check(Label label, boolean readOnly) throws UnsupportedFeatureException {
    if (label.formatVersion() > FORMAT_VERSION) {
      throw new UnsupportedFeatureException(
          "pool '%s' uses on-disk format version %d; this Kiln reads up to version %d"
              .formatted(label.poolName(), label.formatVersion(), FORMAT_VERSION));
    }
    Set<String> unknownRequired = new TreeSet<>(label.requiredFeatures());
    unknownRequired.removeAll(KNOWN_REQUIRED);
    if (!unknownRequired.isEmpty()) {
      throw new UnsupportedFeatureException(
          "pool '%s' cannot be imported: it requires features this Kiln does not support: %s"
              .formatted(label.poolName(), unknownRequired));
    }
    Set<String> unknownWrite = new TreeSet<>(label.writeFeatures());
    unknownWrite.removeAll(KNOWN_WRITE);
    if (!unknownWrite.isEmpty() && !readOnly) {
      throw new UnsupportedFeatureException(
          ("pool '%s' can only be imported read-only: it uses write features this Kiln does not"
                  + " support: %s")
              .formatted(label.poolName(), unknownWrite));
    }
  }
}
