package dev.kiln.testkit.model;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.DirectoryEntry;
import dev.kiln.engine.api.fs.DirectoryPage;
import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.FileType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The whole visible state of a file system by path, without inode numbers or times, so two
 * implementations can be compared.
 *
 * @param nodes every path (root is "/") and what is there
 */
public record TreeSnapshot(Map<String, Node> nodes) {

  /**
   * What one path holds.
   *
   * @param type object type
   * @param size size for files and symlinks (0 for directories, whose size is not portable)
   * @param contentHash SHA-256 of file content, the symlink target, or "" for others
   * @param mode permission bits
   * @param nlink link count
   * @param xattrs extended attribute names with a hash of each value
   */
  public record Node(
      FileType type, long size, String contentHash, int mode, int nlink, List<String> xattrs) {}

  /** Freezes the map (sorted by path). */
  public TreeSnapshot {
    nodes = java.util.Collections.unmodifiableMap(new TreeMap<>(nodes));
  }

  /** Walks {@code fs} from its root and records every path. */
  public static TreeSnapshot capture(FileSystem fs) throws IOException {
    Map<String, Node> out = new TreeMap<>();
    walk(fs, fs.rootInode(), "/", out);
    return new TreeSnapshot(out);
  }

  private static void walk(FileSystem fs, long inode, String path, Map<String, Node> out)
      throws IOException {
    Attributes a = fs.getattr(inode);
    out.put(path, node(fs, a));
    if (!a.isDirectory()) {
      return;
    }
    long cookie = 0;
    long verifier = 0;
    while (true) {
      DirectoryPage page = fs.readdir(inode, cookie, verifier, 64);
      for (DirectoryEntry e : page.entries()) {
        walk(fs, e.inode(), path.equals("/") ? "/" + e.name() : path + "/" + e.name(), out);
        cookie = e.cookie();
      }
      verifier = page.verifier();
      if (page.endOfDirectory()) {
        return;
      }
    }
  }

  private static Node node(FileSystem fs, Attributes a) throws IOException {
    MessageDigest digest = sha256();
    long size = 0;
    switch (a.type()) {
      case FILE -> {
        size = a.size();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        long offset = 0;
        while (true) {
          buf.clear();
          int n = fs.read(a.inode(), offset, buf);
          if (n <= 0) {
            break;
          }
          digest.update(buf.array(), 0, n);
          offset += n;
        }
      }
      case SYMLINK -> {
        size = a.size();
        digest.update(fs.readlink(a.inode()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      default -> {}
    }
    List<String> xattrs = new ArrayList<>();
    for (String name : fs.listXattrs(a.inode())) {
      xattrs.add(name + "=" + java.util.Arrays.hashCode(fs.getXattr(a.inode(), name)));
    }
    String hash = HexFormat.of().formatHex(digest.digest());
    return new Node(a.type(), size, hash, a.mode(), a.nlink(), xattrs);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** A readable list of the paths where {@code other} differs from this (empty if equal). */
  public List<String> differences(TreeSnapshot other) {
    List<String> out = new ArrayList<>();
    TreeMap<String, Node> all = new TreeMap<>(nodes);
    other.nodes.forEach(all::putIfAbsent);
    for (String path : all.keySet()) {
      Node mine = nodes.get(path);
      Node theirs = other.nodes.get(path);
      if (!Objects.equals(mine, theirs)) {
        out.add(path + ": " + mine + " vs " + theirs);
      }
    }
    return out;
  }
}
