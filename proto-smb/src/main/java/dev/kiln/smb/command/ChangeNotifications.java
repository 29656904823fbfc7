package dev.kiln.smb.command;

import dev.kiln.smb.protocol.NtStatus;
import dev.kiln.smb.protocol.SmbWriter;
import dev.kiln.smb.state.Open;
import dev.kiln.smb.state.Tree;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Pending CHANGE_NOTIFY requests ([MS-SMB2] 3.3.5.19) and the changes made through this server that
 * complete them. Changes made by other protocols (NFS, SFTP) are not seen: the engine has no change
 * feed.
 */
public final class ChangeNotifications {

  /** FILE_ACTION_ADDED. */
  public static final int ACTION_ADDED = 1;

  /** FILE_ACTION_REMOVED. */
  public static final int ACTION_REMOVED = 2;

  /** FILE_ACTION_MODIFIED. */
  public static final int ACTION_MODIFIED = 3;

  /** FILE_ACTION_RENAMED_OLD_NAME. */
  public static final int ACTION_RENAMED_OLD = 4;

  /** FILE_ACTION_RENAMED_NEW_NAME. */
  public static final int ACTION_RENAMED_NEW = 5;

  private static final int FILTER_FILE_NAME = 0x1;
  private static final int FILTER_DIR_NAME = 0x2;
  private static final int FILTER_ATTRIBUTES = 0x4;
  private static final int FILTER_SIZE = 0x8;
  private static final int FILTER_LAST_WRITE = 0x10;

  private record Watch(
      Open open, AsyncReply reply, int filter, boolean tree, int maxOutput, String dir) {}

  private final List<Watch> watches = new ArrayList<>();

  /** Registers a pending CHANGE_NOTIFY on directory {@code open}. */
  public synchronized void watch(
      Open open, AsyncReply reply, int filter, boolean watchTree, int maxOutput) {
    Watch w = new Watch(open, reply, filter, watchTree, maxOutput, open.path());
    watches.add(w);
    reply.onCancel(
        () -> {
          synchronized (this) {
            watches.remove(w);
          }
          reply.complete(NtStatus.CANCELLED, x -> {});
        });
  }

  /** Ends the watches of a closing open with STATUS_NOTIFY_CLEANUP. */
  public void cleanup(Open open) {
    List<Watch> gone = new ArrayList<>();
    synchronized (this) {
      watches.removeIf(
          w -> {
            if (w.open == open) {
              gone.add(w);
              return true;
            }
            return false;
          });
    }
    for (Watch w : gone) {
      w.reply.complete(NtStatus.NOTIFY_CLEANUP, ChangeNotifications::emptyBody);
    }
  }

  private static void emptyBody(SmbWriter x) {
    x.u16(9).u16(0).u32(0).u8(0);
  }

  /**
   * Reports a change of entry {@code name} in directory {@code dirPath} (share-relative) of {@code
   * tree}'s share.
   */
  public void changed(
      Tree tree, long dirInode, int action, String dirPath, String name, boolean directory) {
    int needed =
        switch (action) {
          case ACTION_MODIFIED -> FILTER_ATTRIBUTES | FILTER_SIZE | FILTER_LAST_WRITE;
          default -> directory ? FILTER_DIR_NAME : FILTER_FILE_NAME;
        };
    List<Watch> hit = new ArrayList<>();
    synchronized (this) {
      watches.removeIf(
          w -> {
            if (w.open.tree().share() == null
                || tree.share() == null
                || w.open.tree().share().guid() != tree.share().guid()
                || (w.filter & needed) == 0) {
              return false;
            }
            String d = w.dir.toLowerCase(Locale.ROOT);
            String p = dirPath.toLowerCase(Locale.ROOT);
            boolean direct = d.equals(p);
            boolean below = w.tree && (d.isEmpty() || p.startsWith(d + "\\"));
            if (direct || below) {
              hit.add(w);
              return true;
            }
            return false;
          });
    }
    for (Watch w : hit) {
      String rel =
          w.dir.isEmpty()
              ? (dirPath.isEmpty() ? name : dirPath + "\\" + name)
              : (dirPath.length() == w.dir.length()
                  ? name
                  : dirPath.substring(w.dir.length() + 1) + "\\" + name);
      SmbWriter info = new SmbWriter(64);
      info.u32(0).u32(action);
      int lenAt = info.position();
      info.u32(0);
      int n = info.utf16(rel);
      info.set32(lenAt, n);
      if (info.position() > w.maxOutput) {
        w.reply.complete(NtStatus.NOTIFY_ENUM_DIR, ChangeNotifications::emptyBody);
        continue;
      }
      byte[] data = info.toByteArray();
      w.reply.complete(NtStatus.SUCCESS, x -> x.u16(9).u16(72).u32(data.length).bytes(data));
    }
  }
}
