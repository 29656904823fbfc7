package dev.kiln.engine.api.manage;

/** What a dataset holds. */
public enum DatasetType {
  /** A POSIX file system (FileSystem). */
  FILESYSTEM,
  /** A block volume (BlockVolume). */
  VOLUME
}
