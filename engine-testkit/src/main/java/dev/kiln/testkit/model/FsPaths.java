package dev.kiln.testkit.model;

import dev.kiln.engine.api.error.InvalidArgumentException;
import dev.kiln.engine.api.fs.FileSystem;
import java.io.IOException;

/** Resolves absolute slash-separated paths by lookups, without following symlinks. */
public final class FsPaths {

  private FsPaths() {}

  /** The inode a path names ("/" is the root). */
  public static long resolve(FileSystem fs, String path) throws IOException {
    long inode = fs.rootInode();
    for (String part : parts(path)) {
      inode = fs.lookup(inode, part).inode();
    }
    return inode;
  }

  /** The directory inode holding the last component of {@code path}. */
  public static long parent(FileSystem fs, String path) throws IOException {
    String[] parts = parts(path);
    if (parts.length == 0) {
      throw new InvalidArgumentException("the root has no parent entry");
    }
    long inode = fs.rootInode();
    for (int i = 0; i < parts.length - 1; i++) {
      inode = fs.lookup(inode, parts[i]).inode();
    }
    return inode;
  }

  /** The last component of {@code path}. */
  public static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static String[] parts(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    return trimmed.isEmpty() ? new String[0] : trimmed.split("/");
  }
}
