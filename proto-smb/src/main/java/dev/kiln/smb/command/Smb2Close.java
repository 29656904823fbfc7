package dev.kiln.smb.command;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.smb.fscc.FileAttributes;
import dev.kiln.smb.protocol.FileTime;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.SmbWriter;
import dev.kiln.smb.state.Open;
import java.io.IOException;

/** CLOSE ([MS-SMB2] 2.2.15, 2.2.16, 3.3.5.10), with SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB. */
final class Smb2Close implements Smb2Handler {

  private static final int POSTQUERY_ATTRIB = 0x1;

  private final Closer closer;

  Smb2Close(Closer closer) {
    this.closer = closer;
  }

  @Override
  public void handle(Smb2Request req, Smb2Response resp) throws SmbStatusException, IOException {
    req.r().expectBody(24);
    int flags = req.r().u16(66);
    Open open = req.open(72);
    Attributes after = null;
    if ((flags & POSTQUERY_ATTRIB) != 0 && open.fs() != null) {
      try {
        // The close's write-time update first, so the reply shows it.
        closer.settleWriteTime(open);
        after =
            req.server().openFiles().effective(open.fs().guid(), open.fs().getattr(open.inode()));
      } catch (IOException e) {
        after = null;
      }
    }
    closer.close(open);
    SmbWriter w = resp.w();
    if (after == null) {
      w.u16(60).u16(0).u32(0).zeros(52);
    } else {
      w.u16(60).u16(POSTQUERY_ATTRIB).u32(0);
      writeTimesAndSizes(w, after, null);
    }
  }

  /**
   * CreationTime, LastAccessTime, LastWriteTime, ChangeTime, AllocationSize, EndOfFile and
   * FileAttributes (52 bytes), as CREATE and CLOSE responses and several information classes carry
   * them; {@code owner} supplies the attributes of a stream's file.
   */
  static void writeTimesAndSizes(SmbWriter w, Attributes a, Attributes owner) {
    Attributes t = owner == null ? a : owner;
    w.u64(FileTime.of(t.birthtime()))
        .u64(FileTime.of(t.atime()))
        .u64(FileTime.of(t.mtime()))
        .u64(FileTime.of(t.ctime()));
    w.u64(allocation(a)).u64(a.isDirectory() ? 0 : a.size());
    w.u32(FileAttributes.of(t));
  }

  /** The allocation size reported: what the engine says, rounded to 4 KiB clusters. */
  static long allocation(Attributes a) {
    if (a.isDirectory()) {
      return 0;
    }
    long alloc = Math.max(a.allocatedSize(), 0);
    return (alloc + 4095) & ~4095L;
  }
}
