package dev.kiln.engine.api.manage;

import dev.kiln.engine.api.block.BlockVolume;
import dev.kiln.engine.api.fs.FileSystem;
import java.io.IOException;
import java.time.Instant;
import java.util.Set;

/** A read-only, point-in-time state of a dataset. */
public interface Snapshot {

  /** The full name, {@code dataset@snapshot}. */
  String name();

  /** The 64-bit guid (its file system's guid for handles). */
  long guid();

  /** The transaction group in which it was taken; orders snapshots. */
  long createTxg();

  /** When it was taken. */
  Instant creation();

  /** The hold tags; a held snapshot cannot be destroyed. */
  Set<String> holds() throws IOException;

  /** Bytes only this snapshot holds (freed if it alone were destroyed). */
  long used() throws IOException;

  /** Bytes reachable from the snapshot. */
  long referenced() throws IOException;

  /** A read-only file view; InvalidArgumentException for volume snapshots. */
  FileSystem fileSystem() throws IOException;

  /** A read-only block view; InvalidArgumentException for file system snapshots. */
  BlockVolume volume() throws IOException;
}
