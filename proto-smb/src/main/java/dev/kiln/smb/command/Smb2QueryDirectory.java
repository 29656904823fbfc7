package dev.kiln.smb.command;

import dev.kiln.smb.fscc.DirectoryEntries;
import dev.kiln.smb.protocol.AccessMask;
import dev.kiln.smb.protocol.NtStatus;
import dev.kiln.smb.protocol.SmbReader;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.SmbWriter;
import dev.kiln.smb.protocol.StatusAccessDenied;
import dev.kiln.smb.protocol.StatusInvalidInfoClass;
import dev.kiln.smb.protocol.StatusInvalidParameter;
import dev.kiln.smb.state.Open;
import java.io.IOException;

/**
 * QUERY_DIRECTORY ([MS-SMB2] 2.2.33, 2.2.34, 3.3.5.18): the common information classes, wildcards,
 * RESTART_SCANS, REOPEN, RETURN_SINGLE_ENTRY; INDEX_SPECIFIED is treated as a continuation.
 */
final class Smb2QueryDirectory implements Smb2Handler {

  private static final int RESTART_SCANS = 0x1;
  private static final int RETURN_SINGLE_ENTRY = 0x2;
  private static final int REOPEN = 0x10;

  @Override
  public void handle(Smb2Request req, Smb2Response resp) throws SmbStatusException, IOException {
    SmbReader r = req.r();
    r.expectBody(33);
    int infoClass = r.u8(66);
    int flags = r.u8(67);
    Open open = req.open(72);
    int nameOff = r.u16(88);
    int nameLen = r.u16(90);
    long outLen = r.u32(92) & 0xffff_ffffL;
    if (!open.directory()) {
      throw new StatusInvalidParameter("QUERY_DIRECTORY on a file");
    }
    if (!DirectoryEntries.supported(infoClass)) {
      throw new StatusInvalidInfoClass("directory class " + infoClass);
    }
    if (!open.granted(AccessMask.READ_DATA)) {
      throw new StatusAccessDenied("no list access");
    }
    if (outLen > req.conn().maxIo()) {
      throw new StatusInvalidParameter("OutputBufferLength " + outLen);
    }
    req.checkCharge(outLen);
    r.checkRange(nameOff, nameLen, 96);
    String pattern = nameLen == 0 ? null : r.utf16(nameOff, nameLen);
    DirectoryCursor cursor = (DirectoryCursor) open.cursor();
    boolean restart = (flags & (RESTART_SCANS | REOPEN)) != 0;
    if (cursor == null || restart || (pattern != null && !pattern.equals(cursor.pattern()))) {
      if (cursor != null && !restart && pattern != null && !pattern.equals(cursor.pattern())) {
        // A different pattern without RESTART continues the old enumeration ([MS-FSA] 2.1.5.6.3).
        pattern = cursor.pattern();
      } else {
        cursor = new DirectoryCursor(open.fs(), open.inode(), pattern == null ? "*" : pattern);
        open.cursor(cursor);
      }
    }
    SmbWriter w = resp.w();
    int bodyStart = w.position();
    w.u16(9).u16(72).u32(0);
    int dataStart = w.position();
    int prev = -1;
    while (true) {
      DirectoryCursor.Item item = cursor.peek();
      if (item == null) {
        break;
      }
      int before = w.position();
      if (prev >= 0) {
        w.align(8);
      }
      int at =
          DirectoryEntries.write(
              w,
              infoClass,
              item.name(),
              req.server().openFiles().effective(open.fs().guid(), item.attrs()));
      if (w.position() - dataStart > outLen) {
        w.position(before);
        if (prev < 0) {
          throw new SmbStatusException(NtStatus.INFO_LENGTH_MISMATCH, "buffer too small");
        }
        break;
      }
      if (prev >= 0) {
        w.set32(prev, at - prev);
      }
      prev = at;
      cursor.advance();
      if ((flags & RETURN_SINGLE_ENTRY) != 0) {
        break;
      }
    }
    if (prev < 0) {
      boolean first = !cursor.returnedAny();
      throw new SmbStatusException(
          first ? NtStatus.NO_SUCH_FILE : NtStatus.NO_MORE_FILES, "no more entries");
    }
    w.set32(bodyStart + 4, w.position() - dataStart);
  }
}
