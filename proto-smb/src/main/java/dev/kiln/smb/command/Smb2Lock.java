package dev.kiln.smb.command;

import dev.kiln.smb.protocol.NtStatus;
import dev.kiln.smb.protocol.SmbReader;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.StatusInvalidParameter;
import dev.kiln.smb.protocol.StatusRangeNotLocked;
import dev.kiln.smb.state.Open;
import dev.kiln.smb.state.OpenFiles;
import java.io.IOException;

/**
 * LOCK ([MS-SMB2] 2.2.26, 3.3.5.14): byte-range locks and unlocks; a single lock without
 * FAIL_IMMEDIATELY that conflicts goes async and is granted when the range frees, or cancelled.
 */
final class Smb2Lock implements Smb2Handler {

  private static final int SHARED = 0x1;
  private static final int EXCLUSIVE = 0x2;
  private static final int UNLOCK = 0x4;
  private static final int FAIL_IMMEDIATELY = 0x10;

  private record Element(long offset, long length, int flags) {}

  @Override
  public void handle(Smb2Request req, Smb2Response resp) throws SmbStatusException, IOException {
    SmbReader r = req.r();
    r.expectBody(48);
    int count = r.u16(66);
    Open open = req.open(72);
    if (count == 0) {
      throw new StatusInvalidParameter("LockCount 0");
    }
    if (open.node() == null) {
      throw new StatusInvalidParameter("locks on a pipe");
    }
    Element[] e = new Element[count];
    for (int i = 0; i < count; i++) {
      int p = 88 + 24 * i;
      e[i] = new Element(r.u64(p), r.u64(p + 8), r.u32(p + 16));
    }
    OpenFiles files = req.server().openFiles();
    // [MS-SMB2] 3.3.5.14: a durable open on SMB 3.x detects a replayed LOCK by its LockSequence
    // (bucket 1..64 in the upper 28 bits, a number in the low 4): the same number in the same
    // bucket as the last successful LOCK succeeds again without doing anything.
    int bucket = 0;
    int number = r.u32(68) & 0xF;
    if (req.conn().dialect().isSmb3() && req.server().durables().grantOf(open.id()).isPresent()) {
      int index = r.u32(68) >>> 4;
      if (index >= 1 && index <= 64) {
        if (open.lockSequence(index) == number) {
          resp.w().u16(4).u16(0);
          return;
        }
        open.lockSequence(index, -1);
        bucket = index;
      }
    }
    locks(req, resp, open, e, files);
    if (bucket > 0 && !resp.isAsync()) {
      open.lockSequence(bucket, number);
    }
  }

  private void locks(Smb2Request req, Smb2Response resp, Open open, Element[] e, OpenFiles files)
      throws SmbStatusException, IOException {
    int count = e.length;
    if ((e[0].flags & UNLOCK) != 0) {
      // [MS-SMB2] 3.3.5.14.1: unlocks run in order and stop at the first element that is not an
      // unlock (INVALID_PARAMETER) or not locked (RANGE_NOT_LOCKED); earlier ones stay undone.
      for (Element x : e) {
        if (x.flags != UNLOCK) {
          throw new StatusInvalidParameter("lock flags " + Integer.toHexString(x.flags));
        }
        files.unlock(open, x.offset, x.length);
      }
      resp.w().u16(4).u16(0);
      return;
    }
    for (Element x : e) {
      int f = x.flags;
      boolean valid =
          f == SHARED
              || f == EXCLUSIVE
              || f == (SHARED | FAIL_IMMEDIATELY)
              || f == (EXCLUSIVE | FAIL_IMMEDIATELY);
      if (!valid || (count > 1 && (f & FAIL_IMMEDIATELY) == 0)) {
        throw new StatusInvalidParameter("lock flags " + Integer.toHexString(f));
      }
    }
    // [MS-FSA] 2.1.5.7: a byte-range lock breaks level II oplocks to none.
    req.server().oplocks().breakLevelTwo(open.node().key(), open.id());
    if (count == 1 && (e[0].flags & FAIL_IMMEDIATELY) == 0) {
      Element x = e[0];
      boolean exclusive = (x.flags & EXCLUSIVE) != 0;
      Runnable[] retry = new Runnable[1];
      AsyncReply[] reply = new AsyncReply[1];
      retry[0] =
          () -> {
            if (reply[0] == null || reply[0].completed()) {
              return;
            }
            if (open.closed()) {
              reply[0].complete(NtStatus.RANGE_NOT_LOCKED, w -> {});
              return;
            }
            try {
              if (files.lockOrWait(open, x.offset, x.length, exclusive, retry[0])) {
                if (!reply[0].complete(NtStatus.SUCCESS, w -> w.u16(4).u16(0))) {
                  files.unlock(open, x.offset, x.length);
                }
              }
            } catch (SmbStatusException ex) {
              reply[0].complete(ex.status(), w -> {});
            }
          };
      if (files.lockOrWait(open, x.offset, x.length, exclusive, retry[0])) {
        resp.w().u16(4).u16(0);
        return;
      }
      resp.async(
          a -> {
            reply[0] = a;
            a.onCancel(
                () -> {
                  files.dropWaiter(open.node().key(), retry[0]);
                  a.complete(NtStatus.CANCELLED, w -> {});
                });
            retry[0].run();
          });
      return;
    }
    int done = 0;
    try {
      for (Element x : e) {
        files.lock(open, x.offset, x.length, (x.flags & EXCLUSIVE) != 0);
        done++;
      }
    } catch (SmbStatusException ex) {
      for (int i = 0; i < done; i++) {
        try {
          files.unlock(open, e[i].offset, e[i].length);
        } catch (StatusRangeNotLocked ignored) {
          // Released meanwhile by this open's own close: nothing to undo.
        }
      }
      throw ex;
    }
    resp.w().u16(4).u16(0);
  }
}
