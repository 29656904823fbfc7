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
  private java.time.Instant clientChangeTime;
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

  /** The ChangeTime a client set, or null. */
  public synchronized java.time.Instant clientChangeTime() {
    return clientChangeTime;
  }

  /** Records a ChangeTime a client set. */
  public synchronized void clientChangeTime(java.time.Instant t) {
    clientChangeTime = t;
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
