package dev.kiln.ssh.fs;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.FileSystem;

/** What a path of the SFTP view resolved to. */
sealed interface Node {

  /** The root: lists the pools' root datasets. */
  record Root() implements Node {}

  /** {@code <dataset>/.zfs}: holds only {@code snapshot}. */
  record ControlDir(String dataset) implements Node {}

  /** {@code <dataset>/.zfs/snapshot}: one directory per snapshot. */
  record SnapshotList(String dataset) implements Node {}

  /**
   * An inode of a dataset or snapshot file system.
   *
   * @param fs the file system it lives in
   * @param dataset the dataset (or {@code dataset@snapshot}) name
   * @param attrs its attributes when resolved
   * @param datasetHead whether {@code fs} is a dataset's live head (children and .zfs show there)
   */
  record Entry(FileSystem fs, String dataset, Attributes attrs, boolean datasetHead)
      implements Node {

    /** The inode number. */
    long inode() {
      return attrs.inode();
    }

    /** Whether this is the root directory of its file system. */
    boolean isRoot() {
      return attrs.inode() == fs.rootInode();
    }
  }
}
