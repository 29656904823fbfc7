package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.nfs.access.Caller;
import dev.kiln.nfs.export.NfsNamespace;
import dev.kiln.nfs.rpc.GarbageArgumentsException;
import dev.kiln.nfs.rpc.ProgramDispatcher;
import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.Executor;
import org.dcache.oncrpc4j.rpc.RpcAuth;
import org.dcache.oncrpc4j.rpc.RpcAuthError;
import org.dcache.oncrpc4j.rpc.RpcAuthStat;
import org.dcache.oncrpc4j.rpc.RpcAuthTypeUnix;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcRejectStatus;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NFS version 3 (program 100003, RFC 1813): all 22 procedures, one class each, named after the
 * specification. Only AUTH_SYS is accepted (sec=sys); AUTH_NONE may call NULL and nothing else.
 */
public final class Nfs3Program extends ProgramDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(Nfs3Program.class);

  private final NfsNamespace namespace;
  private final Nfs3Procedure[] procedures;

  /** Serves the exports of {@code namespace}. */
  public Nfs3Program(NfsNamespace namespace) {
    this(namespace, null);
  }

  /**
   * Serves {@code namespace}; the procedures that commit to the intent log before replying run on
   * {@code waitingCalls} (null: every call on the thread that read it).
   */
  public Nfs3Program(NfsNamespace namespace, Executor waitingCalls) {
    super(waitingCalls);
    this.namespace = namespace;
    this.procedures =
        new Nfs3Procedure[] {
          null,
          new Nfs3Getattr(),
          new Nfs3Setattr(),
          new Nfs3Lookup(),
          new Nfs3Access(),
          new Nfs3Readlink(),
          new Nfs3Read(),
          new Nfs3Write(),
          new Nfs3Create(),
          new Nfs3Mkdir(),
          new Nfs3Symlink(),
          new Nfs3Mknod(),
          new Nfs3Remove(),
          new Nfs3Rmdir(),
          new Nfs3Rename(),
          new Nfs3Link(),
          new Nfs3Readdir(),
          new Nfs3Readdirplus(),
          new Nfs3Fsstat(),
          new Nfs3Fsinfo(),
          new Nfs3Pathconf(),
          new Nfs3Commit()
        };
  }

  /**
   * SETATTR, CREATE, MKDIR, SYMLINK, MKNOD, REMOVE, RMDIR, RENAME, LINK and COMMIT: RFC 1813 has
   * their changes on stable storage before the reply. WRITE waits only when asked to (stable_how),
   * which is decided after decoding: it stays on the connection's thread.
   */
  @Override
  protected boolean waitsForStableStorage(int procedure) {
    return switch (procedure) {
      case 2, 8, 9, 10, 11, 12, 13, 14, 15, 21 -> true;
      default -> false;
    };
  }

  @Override
  protected void dispatch(RpcCall call, XdrDecodingStream args)
      throws IOException, UnknownProcedureException {
    int proc = call.getProcedure();
    if (call.getProgramVersion() != 3) {
      call.failProgramMismatch(3, 3);
      return;
    }
    if (proc == 0) {
      XdrReply.send(call, XdrReply.empty());
      return;
    }
    if (proc < 0 || proc >= procedures.length) {
      throw new UnknownProcedureException(proc);
    }
    Caller caller = caller(call.getCredential());
    if (caller == null) {
      call.reject(RpcRejectStatus.AUTH_ERROR, new RpcAuthError(RpcAuthStat.AUTH_TOOWEAK));
      return;
    }
    InetAddress client = call.getTransport().getRemoteSocketAddress().getAddress();
    Nfs3Request request = new Nfs3Request(args, namespace, client, caller);
    Nfs3Procedure procedure = procedures[proc];
    XdrReply ok;
    try {
      ok = procedure.run(request);
    } catch (GarbageArgumentsException | org.dcache.oncrpc4j.xdr.BadXdrOncRpcException e) {
      throw e;
    } catch (IOException e) {
      Nfs3Status status = Nfs3Status.of(e);
      if (status == Nfs3Status.IO) {
        LOG.warn("NFS procedure {} failed", procedure.getClass().getSimpleName(), e);
      }
      XdrReply.send(call, failure(status, procedure.failShape(), request));
      return;
    }
    XdrReply.send(
        call,
        xdr -> {
          xdr.xdrEncodeInt(0);
          ok.encode(xdr);
        });
  }

  private static XdrReply failure(Nfs3Status status, Nfs3Procedure.FailShape shape, Nfs3Request r) {
    Attributes obj = Nfs3Request.after(r.failObject);
    long objFsid = r.failObject == null ? 0 : r.failObject.fs().guid();
    Attributes dir = Nfs3Request.after(r.wccDir);
    long dirFsid = r.wccDir == null ? 0 : r.wccDir.fs().guid();
    Attributes dir2 = Nfs3Request.after(r.wccDir2);
    long dir2Fsid = r.wccDir2 == null ? 0 : r.wccDir2.fs().guid();
    return xdr -> {
      xdr.xdrEncodeInt(status.code());
      switch (shape) {
        case NONE -> {}
        case POST_OP -> Nfs3Xdr.postOpAttr(xdr, objFsid, obj);
        case WCC -> Nfs3Xdr.wcc(xdr, dirFsid, r.wccBefore, dir);
        case WCC2 -> {
          Nfs3Xdr.wcc(xdr, dirFsid, r.wccBefore, dir);
          Nfs3Xdr.wcc(xdr, dir2Fsid, r.wccBefore2, dir2);
        }
        case LINK -> {
          Nfs3Xdr.postOpAttr(xdr, objFsid, obj);
          Nfs3Xdr.wcc(xdr, dirFsid, r.wccBefore, dir);
        }
      }
    };
  }

  /** The AUTH_SYS identity of a call, or null for any other flavour. */
  static Caller caller(RpcAuth auth) {
    if (auth instanceof RpcAuthTypeUnix unix) {
      int[] gids = unix.gids();
      long[] groups = new long[gids == null ? 0 : gids.length];
      for (int i = 0; i < groups.length; i++) {
        groups[i] = Integer.toUnsignedLong(gids[i]);
      }
      return new Caller(
          Integer.toUnsignedLong(unix.uid()), Integer.toUnsignedLong(unix.gid()), groups);
    }
    return null;
  }
}
