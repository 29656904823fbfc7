package dev.kiln.nfs.export;

import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.nfs.handle.FileHandle;

/**
 * An object an NFS handle names, resolved: its file system and the export it is reached through.
 *
 * @param handle the handle
 * @param fs the file system holding it (a control directory for {@code .zfs})
 * @param export the export it belongs to
 */
public record Node(FileHandle handle, FileSystem fs, Export export) {

  /** The inode within {@link #fs()}. */
  public long inode() {
    return handle.kind() == FileHandle.Kind.INODE ? handle.inode() : fs.rootInode();
  }
}
