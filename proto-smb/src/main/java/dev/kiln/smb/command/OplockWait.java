package dev.kiln.smb.command;

import dev.kiln.smb.oplock.OplockTable;
import dev.kiln.smb.protocol.NtStatus;
import dev.kiln.smb.protocol.SmbReader;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.SmbWriter;
import dev.kiln.smb.state.FileKey;
import dev.kiln.smb.state.Open;
import java.io.IOException;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CREATE waiting for an oplock break ([MS-SMB2] 3.3.5.9, 3.3.4.2): it answers STATUS_PENDING at
 * once, and when the break is acknowledged, times out or the holder closes, the create runs again
 * on a virtual thread and its result becomes the final response. CANCEL ends the wait with
 * STATUS_CANCELLED. The request bytes are copied, so the frame buffer may be reused meanwhile.
 */
final class OplockWait implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(OplockWait.class);

  private final Smb2Handler create;
  private final Smb2Request req;
  private final Closer closer;
  private final OplockTable oplocks;
  private final FileKey key;
  private AsyncReply reply;
  private boolean resumed;

  OplockWait(Smb2Handler create, Smb2Request req, Closer closer, OplockTable oplocks, FileKey key) {
    SmbReader r = req.r();
    byte[] copy = Arrays.copyOfRange(r.array(), r.base(), r.base() + r.length());
    this.create = create;
    this.req =
        new Smb2Request(
            new SmbReader(copy, 0, copy.length),
            req.h(),
            req.conn(),
            req.server(),
            req.sender(),
            req.session(),
            req.tree(),
            0,
            NtStatus.SUCCESS,
            req.encrypted());
    this.closer = closer;
    this.oplocks = oplocks;
    this.key = key;
  }

  /** Makes the response async; the create resumes once the interim response is out. */
  void park(Smb2Response resp) {
    resp.async(this::started);
  }

  private void started(AsyncReply r) {
    boolean go;
    synchronized (this) {
      reply = r;
      go = resumed;
    }
    r.onCancel(this::cancel);
    if (go) {
      resume();
    }
  }

  /** The break this create waited for is over. */
  @Override
  public void run() {
    synchronized (this) {
      resumed = true;
      if (reply == null) {
        return;
      }
    }
    resume();
  }

  private void cancel() {
    oplocks.cancelWait(key, this);
    AsyncReply r;
    synchronized (this) {
      r = reply;
    }
    r.complete(NtStatus.CANCELLED, w -> {});
  }

  private void resume() {
    Thread.ofVirtual().name("smb-create-after-break").start(this::retry);
  }

  private void retry() {
    AsyncReply r;
    synchronized (this) {
      r = reply;
    }
    if (r.completed()) {
      return;
    }
    SmbWriter w = new SmbWriter(512);
    w.zeros(Smb2Request.BODY);
    Smb2Response resp = new Smb2Response(w, 0);
    int status;
    try {
      create.handle(req, resp);
      status = resp.status();
    } catch (SmbStatusException e) {
      status = e.status();
    } catch (IOException e) {
      status = EngineErrors.status(e);
    } catch (RuntimeException e) {
      LOG.warn("create after an oplock break failed", e);
      status = NtStatus.INTERNAL_ERROR;
    }
    if (resp.isAsync()) {
      resp.asyncStart().accept(r);
      return;
    }
    byte[] body = Arrays.copyOfRange(w.array(), Smb2Request.BODY, w.position());
    if (!r.complete(status, out -> out.bytes(body)) && status == NtStatus.SUCCESS) {
      // Cancelled or disconnected meanwhile: the open nobody will learn about goes again.
      Open open = req.session().opens().get(resp.fileId());
      if (open != null) {
        try {
          closer.close(open);
        } catch (IOException e) {
          LOG.debug("closing an orphaned open: {}", e.toString());
        }
      }
    }
  }
}
