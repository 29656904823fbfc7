package dev.kiln.ssh.fs;

import dev.kiln.engine.api.fs.FsStat;
import java.nio.file.FileStore;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileStoreAttributeView;

/**
 * Capacity of the dataset a path lives in, quota-aware (statvfs@openssh.com and {@code df} through
 * sshfs read it).
 */
public final class DatasetFileStore extends FileStore {

  private final String name;
  private final FsStat stat;
  private final boolean readOnly;

  DatasetFileStore(String name, FsStat stat, boolean readOnly) {
    this.name = name;
    this.stat = stat;
    this.readOnly = readOnly;
  }

  /** Capacity and inode counts as the engine reports them. */
  public FsStat stat() {
    return stat;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "kiln";
  }

  @Override
  public boolean isReadOnly() {
    return readOnly;
  }

  @Override
  public long getTotalSpace() {
    return stat.totalBytes();
  }

  @Override
  public long getUsableSpace() {
    return stat.availableBytes();
  }

  @Override
  public long getUnallocatedSpace() {
    return stat.freeBytes();
  }

  @Override
  public long getBlockSize() {
    return 4096;
  }

  @Override
  public boolean supportsFileAttributeView(Class<? extends FileAttributeView> type) {
    return type == java.nio.file.attribute.BasicFileAttributeView.class
        || type == java.nio.file.attribute.PosixFileAttributeView.class;
  }

  @Override
  public boolean supportsFileAttributeView(String name) {
    return name.equals("basic") || name.equals("posix") || name.equals("unix");
  }

  @Override
  public <V extends FileStoreAttributeView> V getFileStoreAttributeView(Class<V> type) {
    return null;
  }

  @Override
  public Object getAttribute(String attribute) {
    throw new UnsupportedOperationException("no file store attribute " + attribute);
  }
}
