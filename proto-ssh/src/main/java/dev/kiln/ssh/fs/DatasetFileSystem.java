package dev.kiln.ssh.fs;

import dev.kiln.engine.api.error.NoSuchEntryException;
import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.FileType;
import dev.kiln.engine.api.manage.Dataset;
import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.StorageEngine;
import dev.kiln.ssh.auth.SshUser;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.sshd.common.file.util.BaseFileSystem;

/**
 * One user's view of the datasets as a {@code java.nio.file.FileSystem}, which MINA's SFTP and SCP
 * servers work on: {@code /} lists the pools, each dataset's directory shows its files plus its
 * child datasets, and {@code <dataset>/.zfs/snapshot/<name>} shows a snapshot read-only.
 *
 * <p>Every path is resolved from the root on each call (no cached inode can go stale), checking
 * search permission on each directory passed and following symbolic links (at most {@value
 * #MAX_LINKS}); absolute link targets resolve inside this view, never on the host.
 */
public final class DatasetFileSystem extends BaseFileSystem<DatasetPath> {

  static final int MAX_LINKS = 40;
  static final String CONTROL_DIR = ".zfs";
  static final String SNAPSHOT_DIR = "snapshot";

  private final Supplier<StorageEngine> engine;
  private final SshUser user;
  private volatile boolean open = true;

  /** A view for {@code user} over the engine's file-system datasets. */
  public DatasetFileSystem(
      DatasetFileSystemProvider provider, Supplier<StorageEngine> engine, SshUser user) {
    super(provider);
    this.engine = engine;
    this.user = user;
  }

  /** The user whose permissions apply. */
  public SshUser user() {
    return user;
  }

  StorageEngine engine() throws IOException {
    StorageEngine e = engine.get();
    if (e == null) {
      throw new FileSystemException("/", null, "the storage engine is not running");
    }
    return e;
  }

  @Override
  protected DatasetPath create(String root, List<String> names) {
    return new DatasetPath(this, root, names);
  }

  @Override
  public void close() {
    open = false;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public Set<String> supportedFileAttributeViews() {
    return Set.of("basic", "posix", "owner", "unix");
  }

  @Override
  public UserPrincipalLookupService getUserPrincipalLookupService() {
    return NumericPrincipals.LOOKUP;
  }

  @Override
  public Iterable<FileStore> getFileStores() {
    return List.of();
  }

  /** Resolves a path, following a final symbolic link when {@code followLast}. */
  Node resolve(DatasetPath path, boolean followLast) throws IOException {
    Deque<String> pending = new ArrayDeque<>(path.components());
    Deque<Node> stack = new ArrayDeque<>();
    stack.push(new Node.Root());
    int links = 0;
    String shown = path.toString();
    while (!pending.isEmpty()) {
      String name = pending.pollFirst();
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        if (stack.size() > 1) {
          stack.pop(); // each node on the stack is the parent of the one above it
        }
        continue;
      }
      Node child = step(stack.peek(), name, shown);
      if (child instanceof Node.Entry e
          && e.attrs().type() == FileType.SYMLINK
          && (followLast || !pending.isEmpty())) {
        if (++links > MAX_LINKS) {
          throw new FileSystemException(shown, null, "too many levels of symbolic links");
        }
        String target = e.fs().readlink(e.inode());
        List<String> parts = new ArrayList<>(List.of(target.split("/")));
        for (int i = parts.size() - 1; i >= 0; i--) {
          pending.addFirst(parts.get(i));
        }
        if (target.startsWith("/")) {
          stack.clear();
          stack.push(new Node.Root());
        }
        continue;
      }
      stack.push(child);
    }
    return stack.peek();
  }

  /** One lookup step from a directory node. */
  Node step(Node dir, String name, String shown) throws IOException {
    return switch (dir) {
      case Node.Root r -> datasetRoot(name, shown);
      case Node.ControlDir c -> {
        if (!name.equals(SNAPSHOT_DIR)) {
          throw new NoSuchFileException(shown);
        }
        yield new Node.SnapshotList(c.dataset());
      }
      case Node.SnapshotList s -> snapshotRoot(s.dataset(), name, shown);
      case Node.Entry e -> {
        if (!e.attrs().isDirectory()) {
          throw new java.nio.file.NotDirectoryException(shown);
        }
        if (e.isRoot() && e.datasetHead()) {
          if (name.equals(CONTROL_DIR)) {
            yield new Node.ControlDir(e.dataset());
          }
          Node child = childDataset(e.dataset() + "/" + name);
          if (child != null) {
            yield child;
          }
        }
        PermissionCheck.require(e.fs(), e.attrs(), user, PermissionCheck.EXECUTE, shown);
        try {
          yield new Node.Entry(
              e.fs(), e.dataset(), e.fs().lookup(e.inode(), name), e.datasetHead());
        } catch (IOException x) {
          throw EngineErrors.translate(x, shown);
        }
      }
    };
  }

  private Node datasetRoot(String pool, String shown) throws IOException {
    if (user.files() == SshUser.FileAccess.NONE) {
      throw new AccessDeniedException(shown, null, "this user has no access to the datasets");
    }
    Node n = pool.contains("@") ? null : childDataset(pool);
    if (n == null) {
      throw new NoSuchFileException(shown);
    }
    return n;
  }

  /** Whether {@code dataset/name} is a file-system dataset (shown as a directory). */
  boolean isChildDataset(String dataset, String name) throws IOException {
    return childDataset(dataset + "/" + name) != null;
  }

  /** The root of a file-system dataset, or null if there is no such dataset. */
  private Node childDataset(String name) throws IOException {
    Dataset d;
    try {
      d = engine().dataset(name);
    } catch (NoSuchEntryException | dev.kiln.engine.api.error.InvalidArgumentException e) {
      return null;
    }
    if (d.type() != DatasetType.FILESYSTEM) {
      return null;
    }
    FileSystem fs = d.fileSystem();
    return new Node.Entry(fs, name, fs.getattr(fs.rootInode()), true);
  }

  private Node snapshotRoot(String dataset, String snap, String shown) throws IOException {
    FileSystem fs;
    try {
      fs = engine().snapshot(dataset + "@" + snap).fileSystem();
    } catch (NoSuchEntryException | dev.kiln.engine.api.error.InvalidArgumentException e) {
      throw new NoSuchFileException(shown);
    }
    return new Node.Entry(fs, dataset + "@" + snap, fs.getattr(fs.rootInode()), false);
  }

  /** The attributes of a resolved node; virtual directories are read-only and owned by root. */
  Attributes attributes(Node n) {
    return switch (n) {
      case Node.Entry e -> e.attrs();
      default -> VirtualDirectory.ATTRIBUTES;
    };
  }
}
