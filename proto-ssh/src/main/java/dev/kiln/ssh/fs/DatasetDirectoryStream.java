package dev.kiln.ssh.fs;

import dev.kiln.engine.api.fs.DirectoryEntry;
import dev.kiln.engine.api.fs.DirectoryPage;
import dev.kiln.engine.api.manage.Dataset;
import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.Pool;
import dev.kiln.engine.api.manage.Snapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Lists a directory of the view. Engine directories are read a page at a time with resume cookies,
 * so a directory of any size streams in bounded memory; a dataset's root also lists its child
 * datasets (which hide a same-named entry, as a mount point does).
 */
final class DatasetDirectoryStream implements DirectoryStream<Path> {

  private static final int PAGE = 512;

  private final DatasetFileSystem view;
  private final DatasetPath dir;
  private final Node node;
  private final Filter<? super Path> filter;
  private boolean iterated;
  private boolean closed;

  DatasetDirectoryStream(
      DatasetFileSystem view, DatasetPath dir, Node node, Filter<? super Path> filter) {
    this.view = view;
    this.dir = dir;
    this.node = node;
    this.filter = filter;
  }

  @Override
  public Iterator<Path> iterator() {
    if (closed || iterated) {
      throw new IllegalStateException("a directory stream can be iterated once, while open");
    }
    iterated = true;
    try {
      return new Listing(virtualNames());
    } catch (IOException e) {
      throw new DirectoryIteratorException(e);
    }
  }

  /** Names that do not come from the engine's directory: pools, child datasets, snapshots. */
  private List<String> virtualNames() throws IOException {
    List<String> names = new ArrayList<>();
    switch (node) {
      case Node.Root r -> {
        if (view.user().files() != dev.kiln.ssh.auth.SshUser.FileAccess.NONE) {
          for (Pool p : view.engine().pools()) {
            names.add(p.name());
          }
        }
      }
      case Node.ControlDir c -> names.add(DatasetFileSystem.SNAPSHOT_DIR);
      case Node.SnapshotList s -> {
        for (Snapshot snap : view.engine().dataset(s.dataset()).snapshots()) {
          names.add(snap.name().substring(snap.name().indexOf('@') + 1));
        }
      }
      case Node.Entry e -> {
        if (e.isRoot() && e.datasetHead()) {
          int depth = e.dataset().split("/").length;
          for (Dataset d : view.engine().datasets(e.dataset(), true)) {
            String[] parts = d.name().split("/");
            if (parts.length == depth + 1 && d.type() == DatasetType.FILESYSTEM) {
              names.add(parts[depth]);
            }
          }
        }
      }
    }
    return names;
  }

  @Override
  public void close() {
    closed = true;
  }

  /** Virtual names first, then the engine's entries page by page. */
  private final class Listing implements Iterator<Path> {
    private final Deque<String> ready = new ArrayDeque<>();
    private final Set<String> shadowed = new HashSet<>();
    private long cookie;
    private long verifier;
    private boolean engineDone;
    private Path next;

    Listing(List<String> virtual) {
      ready.addAll(virtual);
      shadowed.addAll(virtual);
      engineDone = !(node instanceof Node.Entry);
    }

    @Override
    public boolean hasNext() {
      while (next == null && !closed) {
        String name = ready.pollFirst();
        if (name == null) {
          if (engineDone) {
            return false;
          }
          fill();
          continue;
        }
        Path p = dir.resolve(name);
        try {
          if (filter == null || filter.accept(p)) {
            next = p;
          }
        } catch (IOException e) {
          throw new DirectoryIteratorException(e);
        }
      }
      return next != null;
    }

    @Override
    public Path next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Path p = next;
      next = null;
      return p;
    }

    private void fill() {
      Node.Entry e = (Node.Entry) node;
      try {
        DirectoryPage page = e.fs().readdir(e.inode(), cookie, verifier, PAGE);
        verifier = page.verifier();
        for (DirectoryEntry d : page.entries()) {
          cookie = d.cookie();
          if (!shadowed.contains(d.name())) {
            ready.addLast(d.name());
          }
        }
        engineDone = page.endOfDirectory() || page.entries().isEmpty();
      } catch (IOException x) {
        throw new DirectoryIteratorException(EngineErrors.translate(x, dir.toString()));
      } catch (UncheckedIOException x) {
        throw new DirectoryIteratorException(x.getCause());
      }
    }
  }
}
