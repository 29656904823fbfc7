package dev.kiln.engine.objset;

import dev.kiln.engine.api.fs.CaseSensitivity;
import dev.kiln.engine.block.Compression;

/**
 * The properties the object layer obeys, after inheritance.
 *
 * @param compression compression of new data blocks
 * @param recordSize largest data block of a file, a power of two (512 B .. 1 MiB)
 * @param volBlockSize block size of a volume's data blocks
 * @param atime whether reads update access times
 * @param sync how write stability requests are honoured
 * @param readOnly whether every change is refused with {@code ReadOnlyFileSystemException}
 * @param caseSensitivity how a new file system's names compare (only read when it is formatted)
 */
public record ObjectSetSettings(
    Compression compression,
    int recordSize,
    int volBlockSize,
    boolean atime,
    SyncMode sync,
    boolean readOnly,
    CaseSensitivity caseSensitivity) {

  /** Settings with case-sensitive names. */
  public ObjectSetSettings(
      Compression compression,
      int recordSize,
      int volBlockSize,
      boolean atime,
      SyncMode sync,
      boolean readOnly) {
    this(compression, recordSize, volBlockSize, atime, sync, readOnly, CaseSensitivity.SENSITIVE);
  }

  /** The ZFS {@code sync} property. */
  public enum SyncMode {
    /** Honour what the client asks for: stable writes go through the intent log. */
    STANDARD,
    /** Treat every write as stable. */
    ALWAYS,
    /** Acknowledge stable writes without logging them (unsafe; for scratch data). */
    DISABLED
  }

  /** Validates the sizes. */
  public ObjectSetSettings {
    java.util.Objects.requireNonNull(caseSensitivity, "caseSensitivity");
    if (Integer.bitCount(recordSize) != 1 || recordSize < 512 || recordSize > (1 << 20)) {
      throw new IllegalArgumentException("recordsize must be a power of two in 512..1M");
    }
    if (Integer.bitCount(volBlockSize) != 1 || volBlockSize < 512 || volBlockSize > (1 << 20)) {
      throw new IllegalArgumentException("volblocksize must be a power of two in 512..1M");
    }
  }

  /** Defaults for a new file system: lz4, 128 KiB records, 16 KiB volume blocks. */
  public static ObjectSetSettings defaults() {
    return new ObjectSetSettings(
        Compression.LZ4, 128 * 1024, 16 * 1024, true, SyncMode.STANDARD, false);
  }
}
