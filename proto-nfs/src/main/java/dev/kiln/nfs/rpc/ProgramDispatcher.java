package dev.kiln.nfs.rpc;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcDispatchable;
import org.dcache.oncrpc4j.xdr.BadXdrOncRpcException;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The common frame of Kiln's RPC programs: decodes the procedure's arguments lazily and turns
 * failures into RFC 5531 §9 accept statuses, so a malformed call costs the caller an error reply,
 * never the server a thread or a connection's state. GARBAGE_ARGS for undecodable arguments,
 * PROC_UNAVAIL for unknown procedures, SYSTEM_ERR for bugs (logged).
 */
public abstract class ProgramDispatcher implements RpcDispatchable {

  private static final Logger LOG = LoggerFactory.getLogger(ProgramDispatcher.class);

  // Runs the calls that wait for stable storage; null runs every call on the connection's thread.
  private final Executor waitingCalls;

  /** A program whose calls all run on the thread that read them. */
  protected ProgramDispatcher() {
    this(null);
  }

  /**
   * A program whose calls that {@linkplain #waitsForStableStorage wait for stable storage} run on
   * {@code waitingCalls}, the others on the thread that read them (a selector thread: oncrpc4j's
   * same-thread strategy). A call waiting for the intent log on a selector thread would hold up
   * every other connection of that selector, and the log's group commit would see fewer committers
   * than there are clients.
   */
  protected ProgramDispatcher(Executor waitingCalls) {
    this.waitingCalls = waitingCalls;
  }

  /** Handles one procedure; {@code args} reads its arguments. */
  protected abstract void dispatch(RpcCall call, XdrDecodingStream args)
      throws IOException, UnknownProcedureException;

  /** Whether calls to {@code procedure} may wait for a commit to stable storage before replying. */
  protected boolean waitsForStableStorage(int procedure) {
    return false;
  }

  @Override
  public final void dispatchOncRpcCall(RpcCall call) {
    if (waitingCalls != null && waitsForStableStorage(call.getProcedure())) {
      try {
        waitingCalls.execute(() -> handle(call));
        return;
      } catch (RejectedExecutionException e) {
        LOG.debug("{}: shutting down, handled on the connection's thread", call);
      }
    }
    handle(call);
  }

  private void handle(RpcCall call) {
    try {
      try {
        // The call's stream is positioned at the arguments; RpcCall.retrieveCall would end the
        // decoding before a procedure reads its fields one by one. Kiln speaks AUTH_SYS only, so
        // there is no RPCSEC_GSS body to unwrap first.
        dispatch(call, call.getXdr());
      } catch (BadXdrOncRpcException
          | GarbageArgumentsException
          | IllegalArgumentException
          | IndexOutOfBoundsException
          | java.nio.BufferUnderflowException e) {
        LOG.debug("garbage arguments from {}: {}", call.getTransport().getRemoteSocketAddress(), e);
        call.failRpcGarbage();
      } catch (UnknownProcedureException e) {
        call.failProcedureUnavailable();
      } catch (IOException | RuntimeException e) {
        LOG.warn("{} failed", call, e);
        call.failRpcSystem();
      }
    } catch (RuntimeException e) {
      // The error reply itself could not be sent: the connection is gone or closing.
      LOG.debug("{}: no reply sent: {}", call, e.toString());
    }
  }

  /** Thrown for a procedure number the program version does not define. */
  public static final class UnknownProcedureException extends Exception {
    private static final long serialVersionUID = 1L;

    /** For {@code procedure}. */
    public UnknownProcedureException(int procedure) {
      super("unknown procedure " + procedure, null, false, false);
    }
  }
}
