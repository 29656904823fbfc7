package dev.kiln.smb.command;

import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.api.fs.TimeSet;
import dev.kiln.smb.oplock.BreakChannel;
import dev.kiln.smb.oplock.LeaseId;
import dev.kiln.smb.oplock.OplockTable;
import dev.kiln.smb.state.DurableHandles;
import dev.kiln.smb.state.FileNode;
import dev.kiln.smb.state.GlobalSessions;
import dev.kiln.smb.state.Open;
import dev.kiln.smb.state.OpenFiles;
import dev.kiln.smb.state.ServerContext;
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
  private final OplockTable oplocks;
  private final DurableHandles durables;
  private final GlobalSessions globalSessions;

  /** A closer over the server's open table, oplocks and durable opens. */
  public Closer(ServerContext server, ChangeNotifications notifications) {
    this.openFiles = server.openFiles();
    this.notifications = notifications;
    this.oplocks = server.oplocks();
    this.durables = server.durables();
    this.globalSessions = server.globalSessions();
  }

  /** Closes one open; engine failures of a pending delete are reported. */
  public void close(Open open) throws IOException {
    if (open.closed()) {
      return;
    }
    open.markClosed();
    open.session().opens().remove(open.id());
    try {
      settleWriteTime(open);
    } catch (IOException | RuntimeException e) {
      LOG.info("storing the write time of {}: {}", open.path(), e.toString());
    }
    notifications.cleanup(open);
    durables.forget(open);
    try {
      removeIfLast(open);
    } finally {
      // Creates waiting for this open's break resume only once it is gone (and deleted if it
      // was the last open of a file pending deletion), so they see the file as it now is.
      oplocks.release(open.id());
    }
  }

  /**
   * Stores the LastWriteTime a handle that wrote or set it leaves behind ([MS-FSA] 2.1.5.4: the
   * close updates it if writes did not yet), when the engine's mtime differs from it. Called by
   * CLOSE before it reports the times, and by every close; the second call finds nothing to do.
   */
  public void settleWriteTime(Open open) throws IOException {
    FileNode node = open.node();
    if (node == null || !open.hasTouchedWriteTime() || open.fs() == null || open.fs().readOnly()) {
      return;
    }
    java.time.Instant store = node.writeTime().closing(openFiles.clock().instant());
    if (store != null && !node.deletePending()) {
      long inode = open.path().indexOf(':') >= 0 ? node.parentInode() : open.inode();
      FileSystem fs = open.fs();
      if (!fs.getattr(inode).mtime().equals(store)) {
        fs.setattr(inode, SetAttributes.none().withMtime(TimeSet.at(store)));
      }
    }
  }

  private void removeIfLast(Open open) throws IOException {
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

  /** Closes every open of a session (logoff). */
  public void closeSession(Session session) {
    globalSessions.remove(session);
    for (Open o : new ArrayList<>(session.opens().values())) {
      quietly(o);
    }
    session.trees().clear();
  }

  /**
   * Ends a session whose connection went away, that logged off or that a new session replaced
   * ([MS-SMB2] 3.3.7.1, 3.3.5.5.3; Samba keeps durable opens over a LOGOFF): durable opens stay for
   * their timeout, waiting for a reconnect (a break on one of them closes it, as nobody could
   * acknowledge it); the others close.
   */
  public void disconnectSession(Session session) {
    globalSessions.remove(session);
    for (Open o : new ArrayList<>(session.opens().values())) {
      if (durables.durable(o)) {
        session.opens().remove(o.id());
        notifications.cleanup(o);
        oplocks.rebind(o.id(), new ClosingChannel(() -> quietly(o)));
        if (oplocks.breaking(o.id())) {
          // A break sent to the lost connection can never be acknowledged.
          quietly(o);
          continue;
        }
        durables.disconnected(o, () -> quietly(o));
      } else {
        quietly(o);
      }
    }
    session.trees().clear();
  }

  /** The channel of a disconnected durable open: any break closes it, as nobody can answer. */
  private record ClosingChannel(Runnable close) implements BreakChannel {
    @Override
    public void oplockBreak(long fileId, int newLevel) {
      close.run();
    }

    @Override
    public void leaseBreak(
        LeaseId lease, int newEpoch, boolean ackRequired, int current, int newState) {
      close.run();
    }
  }

  private void quietly(Open o) {
    try {
      close(o);
    } catch (IOException | RuntimeException e) {
      LOG.info("closing {}: {}", o.path(), e.toString());
    }
  }
}
