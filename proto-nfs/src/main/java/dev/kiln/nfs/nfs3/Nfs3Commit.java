package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.nfs.export.Node;
import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;

/** COMMIT (RFC 1813 §3.3.21): makes earlier unstable writes durable, answers the verifier. */
final class Nfs3Commit implements Nfs3Procedure {

  @Override
  public XdrReply run(Nfs3Request r) throws IOException {
    Node node = r.handle();
    r.wccDir = node;
    long offset = r.args.xdrDecodeLong();
    long count = Integer.toUnsignedLong(r.args.xdrDecodeInt());
    Attributes before = node.fs().resolve(node.inode(), node.handle().generation());
    r.wccBefore = before;
    if (!before.isFile()) {
      throw new Nfs3Exception(Nfs3Status.INVAL, "not a regular file");
    }
    node.fs().commit(node.inode(), Math.max(0, offset), count);
    Attributes after = node.fs().getattr(node.inode());
    long verifier = node.fs().writeVerifier();
    return xdr -> {
      Nfs3Xdr.wcc(xdr, node.fs().guid(), before, after);
      xdr.xdrEncodeLong(verifier);
    };
  }

  @Override
  public FailShape failShape() {
    return FailShape.WCC;
  }
}
