package dev.kiln.smb.command;

import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.smb.state.FileNode;
import dev.kiln.smb.state.Open;
import dev.kiln.smb.state.OpenFiles;
import dev.kiln.smb.state.Session;
import dev.kiln.smb.state.Tree;
import java.io.IOException;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes opens: detaches them from the open table, removes a file whose delete is pending when its
 * last open goes ([MS-FSA] 2.1.5.4), and ends pending change notifications on it.
 */
public final class Closer {

  private static final Logger LOG = LoggerFactory.getLogger(Closer.class);

  private final OpenFiles openFiles;
  private final ChangeNotifications notifications;

  /** A closer over the server's open table. */
  public Closer(OpenFiles openFiles, ChangeNotifications notifications) {
    this.openFiles = openFiles;
    this.notifications = notifications;
  }

  /** Closes one open; engine failures of a pending delete are reported. */
  public void close(Open open) throws IOException {
    if (open.closed()) {
      return;
    }
    open.markClosed();
    open.session().opens().remove(open.id());
    notifications.cleanup(open);
    FileNode node = open.node();
    if (node == null || !openFiles.detach(open)) {
      return;
    }
    FileSystem fs = open.fs();
    String name = node.name();
    long parent = node.parentInode();
    if (name.contains(":")) {
      fs.removeStream(parent, name.substring(name.indexOf(':') + 1));
      return;
    }
    if (open.directory()) {
      fs.rmdir(parent, name);
    } else {
      fs.unlink(parent, name);
    }
    notifications.changed(
        open.tree(),
        parent,
        ChangeNotifications.ACTION_REMOVED,
        parentPath(open.path()),
        name,
        open.directory());
  }

  static String parentPath(String path) {
    int i = path.lastIndexOf('\\');
    return i < 0 ? "" : path.substring(0, i);
  }

  /** Closes every open of a tree. */
  public void closeTree(Session session, Tree tree) {
    for (Open o : new ArrayList<>(session.opens().values())) {
      if (o.tree() == tree) {
        quietly(o);
      }
    }
  }

  /** Closes every open of a session. */
  public void closeSession(Session session) {
    for (Open o : new ArrayList<>(session.opens().values())) {
      quietly(o);
    }
    session.trees().clear();
  }

  private void quietly(Open o) {
    try {
      close(o);
    } catch (IOException | RuntimeException e) {
      LOG.info("closing {}: {}", o.path(), e.toString());
    }
  }
}
