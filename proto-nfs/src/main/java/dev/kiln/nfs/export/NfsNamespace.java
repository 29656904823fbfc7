package dev.kiln.nfs.export;

import dev.kiln.engine.api.error.NoSuchEntryException;
import dev.kiln.engine.api.error.StaleHandleException;
import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.nfs.handle.FileHandle;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns handles into nodes and names into nodes across the file systems an export shows: the
 * dataset, its hidden {@code .zfs/snapshot} directory (like ZFS's {@code snapdir=hidden}: not
 * listed, but reachable by name) and its read-only snapshots.
 *
 * <p>Handles carry the file system guid, so resolving one needs a guid-to-file-system table; it is
 * rebuilt from the export source whenever a guid is unknown, which also makes handles work again
 * after a restart or after a dataset was re-shared. A guid that no export reaches is STALE.
 */
public final class NfsNamespace {

  /** The name of the control directory at the root of each export. */
  public static final String CONTROL_NAME = ".zfs";

  private static final String SNAPSHOT_NAME = "snapshot";

  private final ExportSource source;
  private final Map<Long, Mounted> byGuid = new ConcurrentHashMap<>();

  private record Mounted(Export export, FileSystem fs, boolean snapshot) {}

  /** A namespace over {@code source}. */
  public NfsNamespace(ExportSource source) {
    this.source = source;
  }

  /** The current exports. */
  public List<Export> exports() throws IOException {
    return source.exports();
  }

  /** The export mounted at {@code path} (a trailing slash is ignored), if shared. */
  public Optional<Export> export(String path) throws IOException {
    String p =
        path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return exports().stream().filter(e -> e.path().equals(p)).findFirst();
  }

  /** The export whose path is {@code path} or its longest prefix at a component boundary. */
  public Optional<Export> exportContaining(String path) throws IOException {
    Export best = null;
    for (Export e : exports()) {
      boolean within =
          path.equals(e.path())
              || path.startsWith(e.path().endsWith("/") ? e.path() : e.path() + "/");
      if (within && (best == null || e.path().length() > best.path().length())) {
        best = e;
      }
    }
    return Optional.ofNullable(best);
  }

  /** The node at {@code path} below an export's root, following lookups (no symlinks). */
  public Node walk(Export export, String path) throws IOException {
    Node node = root(export);
    for (String part : path.substring(export.path().length()).split("/")) {
      if (!part.isEmpty() && !part.equals(".")) {
        if (part.equals("..")) {
          throw new NoSuchEntryException("'..' in a mount path");
        }
        node = lookup(node, part);
      }
    }
    return node;
  }

  /** The root directory of an export. */
  public Node root(Export export) throws IOException {
    FileSystem fs = source.fileSystem(export);
    byGuid.put(fs.guid(), new Mounted(export, fs, false));
    Attributes a = fs.getattr(fs.rootInode());
    return new Node(FileHandle.inode(fs.guid(), a.inode(), a.generation()), fs, export);
  }

  /** The node a handle names; StaleHandleException when its file system is no longer shared. */
  public Node resolve(FileHandle handle) throws IOException {
    Mounted m = mounted(handle.guid());
    return switch (handle.kind()) {
      case INODE -> new Node(handle, m.fs(), m.export());
      case CONTROL_DIR -> controlNode(m.export(), m.fs());
      case SNAPSHOT_DIR -> snapshotDirNode(m.export(), m.fs());
    };
  }

  /** True when the node is inside a snapshot (or a control directory): read-only. */
  public boolean isSnapshot(Node node) {
    Mounted m = byGuid.get(node.handle().guid());
    return node.handle().kind() != FileHandle.Kind.INODE || (m != null && m.snapshot());
  }

  /** Looks {@code name} up in directory {@code dir}, crossing into {@code .zfs} and snapshots. */
  public Node lookup(Node dir, String name) throws IOException {
    FileHandle h = dir.handle();
    switch (h.kind()) {
      case CONTROL_DIR -> {
        return switch (name) {
          case ".", ".." -> name.equals(".") ? dir : root(dir.export());
          case SNAPSHOT_NAME -> snapshotDirNode(dir.export(), mounted(h.guid()).fs());
          default -> throw new NoSuchEntryException(name);
        };
      }
      case SNAPSHOT_DIR -> {
        if (name.equals(".")) {
          return dir;
        }
        if (name.equals("..")) {
          return controlNode(dir.export(), mounted(h.guid()).fs());
        }
        for (SnapshotEntry s : source.snapshots(dir.export())) {
          if (s.name().equals(name)) {
            FileSystem fs = source.snapshotFileSystem(dir.export(), name);
            byGuid.put(fs.guid(), new Mounted(dir.export(), fs, true));
            Attributes a = fs.getattr(fs.rootInode());
            return new Node(
                FileHandle.inode(fs.guid(), a.inode(), a.generation()), fs, dir.export());
          }
        }
        throw new NoSuchEntryException(name);
      }
      case INODE -> {
        FileSystem fs = dir.fs();
        boolean atRoot = dir.inode() == fs.rootInode();
        Mounted m = mounted(h.guid());
        if (atRoot && name.equals(CONTROL_NAME) && !m.snapshot()) {
          return controlNode(dir.export(), fs);
        }
        if (atRoot && name.equals("..") && m.snapshot()) {
          return snapshotDirNode(dir.export(), source.fileSystem(dir.export()));
        }
        Attributes a = fs.lookup(dir.inode(), name);
        return new Node(FileHandle.inode(fs.guid(), a.inode(), a.generation()), fs, dir.export());
      }
      default -> throw new IllegalStateException();
    }
  }

  /** The handle of a directory entry found by readdir (same file system as the directory). */
  public Node child(Node dir, String name, Attributes attributes) throws IOException {
    if (dir.handle().kind() != FileHandle.Kind.INODE) {
      return lookup(dir, name);
    }
    return new Node(
        FileHandle.inode(dir.fs().guid(), attributes.inode(), attributes.generation()),
        dir.fs(),
        dir.export());
  }

  private Node controlNode(Export export, FileSystem datasetFs) {
    FileSystem control =
        new ControlDirectory(
            datasetFs, ControlDirectory.CONTROL_INODE, List.of(SNAPSHOT_NAME), Instant.EPOCH);
    return new Node(
        new FileHandle(FileHandle.Kind.CONTROL_DIR, datasetFs.guid(), 0, 0), control, export);
  }

  private Node snapshotDirNode(Export export, FileSystem datasetFs) throws IOException {
    List<SnapshotEntry> snaps = source.snapshots(export);
    Instant newest = snaps.isEmpty() ? Instant.EPOCH : snaps.getLast().creation();
    FileSystem dir =
        new ControlDirectory(
            datasetFs,
            ControlDirectory.SNAPSHOT_DIR_INODE,
            snaps.stream().map(SnapshotEntry::name).toList(),
            newest);
    return new Node(
        new FileHandle(FileHandle.Kind.SNAPSHOT_DIR, datasetFs.guid(), 0, 0), dir, export);
  }

  private Mounted mounted(long guid) throws IOException {
    Mounted m = byGuid.get(guid);
    if (m != null && source.exports().contains(m.export())) {
      return m;
    }
    byGuid.remove(guid);
    for (Export e : source.exports()) {
      if (e.guid() == guid) {
        root(e);
        return byGuid.get(guid);
      }
    }
    for (Export e : source.exports()) {
      for (SnapshotEntry s : source.snapshots(e)) {
        if (s.guid() == guid) {
          FileSystem fs = source.snapshotFileSystem(e, s.name());
          Mounted found = new Mounted(e, fs, true);
          byGuid.put(guid, found);
          return found;
        }
      }
    }
    throw new StaleHandleException("file system " + Long.toUnsignedString(guid) + " not shared");
  }

  /** Forgets cached file systems (after exports changed), so unshared ones become STALE. */
  public void invalidate() {
    byGuid.clear();
  }
}
