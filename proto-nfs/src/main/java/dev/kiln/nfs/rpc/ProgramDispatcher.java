package dev.kiln.nfs.rpc;

import java.io.IOException;
import org.dcache.oncrpc4j.rpc.OncRpcException;
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

  /** Handles one procedure; {@code args} reads its arguments. */
  protected abstract void dispatch(RpcCall call, XdrDecodingStream args)
      throws IOException, UnknownProcedureException;

  @Override
  public final void dispatchOncRpcCall(RpcCall call) throws OncRpcException, IOException {
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
