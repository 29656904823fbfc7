package dev.kiln.engine.api.manage;

import dev.kiln.engine.api.error.NotSupportedException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The management entry point: pools, datasets, snapshots and clones (what the kiln CLI, the REST
 * API and replication use). Names are full names as in {@link DatasetName}.
 */
public interface StorageEngine extends Closeable {

  /** Creates a pool and its root dataset on the given devices. */
  Pool createPool(String name, List<VdevSpec> vdevs, PropertyMap rootProperties) throws IOException;

  /** Imports a pool found on the given devices (by name or decimal guid). */
  Pool importPool(String nameOrGuid, List<Path> devices) throws IOException;

  /** Writes everything out and releases the pool so another node can import it. */
  void exportPool(String name) throws IOException;

  /** Imported pools. */
  List<Pool> pools() throws IOException;

  /** An imported pool; NoSuchEntryException if absent. */
  Pool pool(String name) throws IOException;

  /** Creates a dataset; its parent must exist. Volumes need {@code volsize}. */
  Dataset createDataset(String name, DatasetType type, PropertyMap properties) throws IOException;

  /** A dataset; NoSuchEntryException if absent. */
  Dataset dataset(String name) throws IOException;

  /** The dataset {@code root} and, if {@code recursive}, all its descendants, parents first. */
  List<Dataset> datasets(String root, boolean recursive) throws IOException;

  /**
   * Destroys a dataset and its snapshots; BusyException if it has children or snapshots and {@code
   * recursive} is false, or if a snapshot is held or cloned.
   */
  void destroyDataset(String name, boolean recursive) throws IOException;

  /** Renames a dataset within its pool; its guid and snapshots move with it. */
  void renameDataset(String from, String to) throws IOException;

  /**
   * Takes {@code dataset@snap} atomically, with {@code recursive} for all descendants in the same
   * transaction group; returns the snapshots taken.
   */
  List<Snapshot> createSnapshot(String snapshotName, boolean recursive) throws IOException;

  /** A snapshot by full name; NoSuchEntryException if absent. */
  Snapshot snapshot(String snapshotName) throws IOException;

  /** Destroys a snapshot and reclaims what only it held; BusyException if held or cloned. */
  void destroySnapshot(String snapshotName) throws IOException;

  /**
   * Returns the dataset to the snapshot's state; with newer snapshots present, BusyException unless
   * {@code destroyNewer}.
   */
  void rollback(String snapshotName, boolean destroyNewer) throws IOException;

  /** Adds a hold tag; AlreadyExistsException if the tag is present. */
  void hold(String snapshotName, String tag) throws IOException;

  /** Removes a hold tag; NoSuchEntryException if absent. */
  void release(String snapshotName, String tag) throws IOException;

  /**
   * Changed paths from snapshot {@code from} to {@code to}, a later snapshot of the same dataset or
   * the dataset itself (its live head).
   */
  List<DiffEntry> diff(String from, String to) throws IOException;

  /** Creates a writable dataset whose initial state is the snapshot. */
  Dataset clone(String snapshotName, String newDataset, PropertyMap properties) throws IOException;

  /** Makes a clone independent of its origin (swapping the dependency, as zfs promote). */
  default void promote(String clone) throws IOException {
    throw new NotSupportedException("promote is not supported by " + getClass().getSimpleName());
  }
}
