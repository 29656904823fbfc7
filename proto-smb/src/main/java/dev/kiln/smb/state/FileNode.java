package dev.kiln.smb.state;

import java.util.ArrayList;
import java.util.List;

/**
 * What all opens of one file share: where it is (for delete-on-close and renames), whether a delete
 * is pending, its opens and its byte-range locks. Guarded by the {@link OpenFiles} monitor.
 */
public final class FileNode {

  private final FileKey key;
  private long parentInode;
  private String name;
  private boolean deletePending;
  private long allocationSize;
  private final WriteTime writeTime = new WriteTime();
  final List<Open> opens = new ArrayList<>();
  final List<ByteRangeLock> locks = new ArrayList<>();

  FileNode(FileKey key, long parentInode, String name) {
    this.key = key;
    this.parentInode = parentInode;
    this.name = name;
  }

  /** The file. */
  public FileKey key() {
    return key;
  }

  /** The directory holding the name the file was opened by. */
  public synchronized long parentInode() {
    return parentInode;
  }

  /** The name in {@link #parentInode()}. */
  public synchronized String name() {
    return name;
  }

  /** Records a rename. */
  public synchronized void moved(long newParent, String newName) {
    parentInode = newParent;
    name = newName;
  }

  /** The LastWriteTime SMB shows while the file is open. */
  public WriteTime writeTime() {
    return writeTime;
  }

  /**
   * The AllocationSize a client asked for (FileAllocationInformation, the AlSi create context), or
   * 0; kept while the file is open, as Samba does: a copy-on-write store cannot reserve blocks that
   * stay reserved across rewrites, so the size is reported, not promised ([MS-FSA] 2.1.5.14.3).
   */
  public synchronized long allocationSize() {
    return allocationSize;
  }

  /** Records the AllocationSize a client asked for. */
  public synchronized void allocationSize(long size) {
    allocationSize = size;
  }

  /** Whether the file goes when its last open closes. */
  public synchronized boolean deletePending() {
    return deletePending;
  }

  /** Sets or clears the pending delete. */
  public synchronized void deletePending(boolean pending) {
    deletePending = pending;
  }
}
