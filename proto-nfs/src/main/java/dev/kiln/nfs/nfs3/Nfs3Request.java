package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.nfs.access.Caller;
import dev.kiln.nfs.access.ModeCheck;
import dev.kiln.nfs.export.ExportAccess;
import dev.kiln.nfs.export.NfsNamespace;
import dev.kiln.nfs.export.Node;
import dev.kiln.nfs.handle.FileHandle;
import dev.kiln.nfs.rpc.XdrStrings;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;

/**
 * One NFSv3 call being served: its decoded arguments, the caller after squashing, and what the
 * failure reply must carry (the objects whose attributes RFC 1813 returns even on error).
 */
final class Nfs3Request {

  /** Longest filename3 accepted on the wire; longer is garbage, not NAMETOOLONG. */
  private static final int MAX_NAME_WIRE = 4096;

  final XdrDecodingStream args;
  final NfsNamespace namespace;
  final InetAddress client;
  private final Caller rawCaller;
  Caller caller;
  ExportAccess access = ExportAccess.READ_WRITE;

  Node failObject;
  Node wccDir;
  Attributes wccBefore;
  Node wccDir2;
  Attributes wccBefore2;

  Nfs3Request(XdrDecodingStream args, NfsNamespace namespace, InetAddress client, Caller caller) {
    this.args = args;
    this.namespace = namespace;
    this.client = client;
    this.rawCaller = caller;
    this.caller = caller;
  }

  /** Decodes an nfs_fh3 and resolves it, applying the export's client rules and squash. */
  Node handle() throws IOException {
    byte[] bytes = XdrStrings.opaque(args, 64);
    FileHandle h;
    try {
      h = FileHandle.parse(bytes);
    } catch (FileHandle.BadHandle e) {
      throw new Nfs3Exception(Nfs3Status.BADHANDLE, e.getMessage());
    }
    Node node = namespace.resolve(h);
    ExportAccess a = node.export().options().accessFor(client);
    if (a == ExportAccess.DENIED) {
      throw new Nfs3Exception(Nfs3Status.ACCES, client + " is not allowed by " + node.export());
    }
    access = a;
    caller = rawCaller.squashed(node.export().options());
    return node;
  }

  /** Decodes a filename3. */
  String name() throws IOException {
    byte[] bytes = XdrStrings.opaque(args, MAX_NAME_WIRE);
    if (bytes.length > 255) {
      throw new Nfs3Exception(Nfs3Status.NAMETOOLONG, bytes.length + " bytes");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** ROFS for read-only exports, snapshots and control directories. */
  void requireWritable(Node node) throws Nfs3Exception {
    if (access != ExportAccess.READ_WRITE || node.fs().readOnly() || namespace.isSnapshot(node)) {
      throw new Nfs3Exception(Nfs3Status.ROFS, "read-only");
    }
  }

  /** ACCES unless the caller has {@code bits} (rwx as 4/2/1) on the object. */
  void require(Attributes a, int bits) throws Nfs3Exception {
    if (!ModeCheck.allows(caller, a, bits)) {
      throw new Nfs3Exception(Nfs3Status.ACCES, "permission denied");
    }
  }

  /** Records the directory whose wcc_data the reply carries, with its pre-operation attributes. */
  Attributes wcc(Node dir) throws IOException {
    wccDir = dir;
    wccBefore = dir.fs().getattr(dir.inode());
    return wccBefore;
  }

  /** Records the second directory of RENAME. */
  Attributes wcc2(Node dir) throws IOException {
    wccDir2 = dir;
    wccBefore2 = dir.fs().getattr(dir.inode());
    return wccBefore2;
  }

  /** Attributes after the operation, or null if they cannot be read (post_op_attr is optional). */
  static Attributes after(Node node) {
    if (node == null) {
      return null;
    }
    try {
      return node.fs().getattr(node.inode());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
