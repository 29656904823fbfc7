package dev.kiln.engine.api.fs;

/** The kind of object an inode is. */
public enum FileType {
  FILE,
  DIRECTORY,
  SYMLINK,
  BLOCK_DEVICE,
  CHAR_DEVICE,
  FIFO,
  SOCKET
}
