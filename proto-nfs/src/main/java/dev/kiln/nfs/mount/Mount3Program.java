package dev.kiln.nfs.mount;

import dev.kiln.nfs.export.Export;
import dev.kiln.nfs.export.ExportAccess;
import dev.kiln.nfs.export.NfsNamespace;
import dev.kiln.nfs.export.Node;
import dev.kiln.nfs.rpc.ProgramDispatcher;
import dev.kiln.nfs.rpc.XdrReply;
import dev.kiln.nfs.rpc.XdrStrings;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;

/**
 * MOUNT versions 1 and 3 (RFC 1813 Appendix I): MNT hands out the handle of an export (or of a
 * directory below it, as other servers allow) the client may use, EXPORT lists exports with their
 * client lists (showmount -e), DUMP lists who mounted what (advisory, kept in memory like most
 * servers), UMNT/UMNTALL forget it.
 */
public final class Mount3Program extends ProgramDispatcher {

  private static final int MNT3_OK = 0;
  private static final int MNT3ERR_NOENT = 2;
  private static final int MNT3ERR_ACCES = 13;
  private static final int MNT3ERR_NOTDIR = 20;
  private static final int MAX_PATH = 1024;
  private static final int AUTH_SYS = 1;

  private final NfsNamespace namespace;
  private final Map<String, Set<String>> mounts = new ConcurrentHashMap<>();

  /** Serves the exports of {@code namespace}. */
  public Mount3Program(NfsNamespace namespace) {
    this.namespace = namespace;
  }

  @Override
  protected void dispatch(RpcCall call, XdrDecodingStream args)
      throws IOException, UnknownProcedureException {
    int version = call.getProgramVersion();
    if (version != 1 && version != 3) {
      call.failProgramMismatch(1, 3);
      return;
    }
    InetAddress client = call.getTransport().getRemoteSocketAddress().getAddress();
    String host = client.getHostAddress();
    switch (call.getProcedure()) {
      case 0 -> XdrReply.send(call, XdrReply.empty());
      case 1 -> mnt(call, XdrStrings.decode(args, MAX_PATH), client, host, version);
      case 2 -> {
        Map<String, Set<String>> snapshot = Map.copyOf(mounts);
        XdrReply.send(
            call,
            xdr -> {
              for (var e : snapshot.entrySet()) {
                for (String dir : e.getValue()) {
                  xdr.xdrEncodeBoolean(true);
                  xdr.xdrEncodeString(e.getKey());
                  xdr.xdrEncodeDynamicOpaque(dir.getBytes(StandardCharsets.UTF_8));
                }
              }
              xdr.xdrEncodeBoolean(false);
            });
      }
      case 3 -> {
        String path = XdrStrings.decode(args, MAX_PATH);
        mounts.computeIfPresent(host, (h, dirs) -> without(dirs, path));
        XdrReply.send(call, XdrReply.empty());
      }
      case 4 -> {
        mounts.remove(host);
        XdrReply.send(call, XdrReply.empty());
      }
      case 5 -> {
        List<Export> exports = namespace.exports();
        XdrReply.send(
            call,
            xdr -> {
              for (Export e : exports) {
                xdr.xdrEncodeBoolean(true);
                xdr.xdrEncodeDynamicOpaque(e.path().getBytes(StandardCharsets.UTF_8));
                for (String group : e.options().clientNames()) {
                  xdr.xdrEncodeBoolean(true);
                  xdr.xdrEncodeString(group);
                }
                xdr.xdrEncodeBoolean(false);
              }
              xdr.xdrEncodeBoolean(false);
            });
      }
      default -> throw new UnknownProcedureException(call.getProcedure());
    }
  }

  private void mnt(RpcCall call, String path, InetAddress client, String host, int version)
      throws IOException {
    Optional<Export> export = namespace.exportContaining(path);
    int status;
    Node root = null;
    if (export.isEmpty()) {
      status = MNT3ERR_NOENT;
    } else if (export.get().options().accessFor(client) == ExportAccess.DENIED) {
      status = MNT3ERR_ACCES;
    } else {
      try {
        root = namespace.walk(export.get(), path);
        status = root.fs().getattr(root.inode()).isDirectory() ? MNT3_OK : MNT3ERR_NOTDIR;
      } catch (dev.kiln.engine.api.error.NoSuchEntryException e) {
        status = MNT3ERR_NOENT;
      }
      if (status == MNT3_OK) {
        mounts.merge(host, Set.of(path), Mount3Program::union);
      }
    }
    byte[] handle = root == null ? null : root.handle().toBytes();
    int result = status;
    XdrReply.send(
        call,
        xdr -> {
          xdr.xdrEncodeInt(result);
          if (result == MNT3_OK) {
            if (version == 1) {
              xdr.xdrEncodeOpaque(handle, handle.length); // fhandle: fixed 32 bytes
            } else {
              xdr.xdrEncodeDynamicOpaque(handle);
              xdr.xdrEncodeInt(1);
              xdr.xdrEncodeInt(AUTH_SYS);
            }
          }
        });
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    java.util.HashSet<String> s = new java.util.HashSet<>(a);
    s.addAll(b);
    return Set.copyOf(s);
  }

  private static Set<String> without(Set<String> dirs, String path) {
    java.util.HashSet<String> s = new java.util.HashSet<>(dirs);
    s.remove(path);
    return s.isEmpty() ? null : Set.copyOf(s);
  }
}
