package dev.kiln.smb.command;

import dev.kiln.smb.protocol.NtStatus;
import dev.kiln.smb.protocol.Smb2Header;
import dev.kiln.smb.protocol.SmbWriter;
import dev.kiln.smb.state.Session;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request answered later ([MS-SMB2] 3.3.4.2): the interim STATUS_PENDING response went out with
 * its AsyncId; {@link #complete} sends the final response once, from any thread, and CANCEL runs
 * the cancel action ([MS-SMB2] 3.3.5.16).
 */
public final class AsyncReply {

  private static final Logger LOG = LoggerFactory.getLogger(AsyncReply.class);

  private final long asyncId;
  private final long messageId;
  private final int command;
  private final Session session;
  private final boolean sign;
  private final boolean encrypt;
  private final MessageSender sender;
  private final Runnable done;
  private final AtomicBoolean completed = new AtomicBoolean();
  private volatile Runnable onCancel = () -> {};

  AsyncReply(
      long asyncId,
      long messageId,
      int command,
      Session session,
      boolean sign,
      boolean encrypt,
      MessageSender sender,
      Runnable done) {
    this.asyncId = asyncId;
    this.messageId = messageId;
    this.command = command;
    this.session = session;
    this.sign = sign;
    this.encrypt = encrypt;
    this.sender = sender;
    this.done = done;
  }

  /** The AsyncId. */
  public long asyncId() {
    return asyncId;
  }

  /** The MessageId of the request. */
  public long messageId() {
    return messageId;
  }

  /** Sets what CANCEL does (it must end in a {@link #complete} with STATUS_CANCELLED). */
  public void onCancel(Runnable r) {
    onCancel = r;
  }

  /** Runs the cancel action. */
  public void cancel() {
    onCancel.run();
  }

  /** Whether the final response went out. */
  public boolean completed() {
    return completed.get();
  }

  /**
   * Sends the final response: {@code body} writes the response body for a non-error status; error
   * statuses get the error body. Returns false if it had been completed already.
   */
  public boolean complete(int status, Consumer<SmbWriter> body) {
    if (!completed.compareAndSet(false, true)) {
      return false;
    }
    done.run();
    SmbWriter w = new SmbWriter(256);
    Smb2Header.writeResponse(w, command, status, 0, 0, messageId, asyncId, 0, session.id());
    if (NtStatus.isError(status) && status != NtStatus.NOTIFY_ENUM_DIR) {
      Smb2Response.errorBody(w);
    } else {
      body.accept(w);
    }
    try {
      sender.send(
          w, new int[] {0}, new Session[] {sign ? session : null}, encrypt ? session : null);
    } catch (IOException e) {
      LOG.debug("async response lost: {}", e.toString());
    }
    return true;
  }
}
