package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.FsLimits;
import dev.kiln.nfs.export.Node;
import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;

/** PATHCONF (RFC 1813 §3.3.20). */
final class Nfs3Pathconf implements Nfs3Procedure {

  @Override
  public XdrReply run(Nfs3Request r) throws IOException {
    Node node = r.handle();
    r.failObject = node;
    Attributes a = node.fs().resolve(node.inode(), node.handle().generation());
    FsLimits limits = node.fs().limits();
    return xdr -> {
      Nfs3Xdr.postOpAttr(xdr, node.fs().guid(), a);
      xdr.xdrEncodeInt(limits.maxLinks());
      xdr.xdrEncodeInt(limits.maxNameBytes());
      xdr.xdrEncodeBoolean(true); // no_trunc: long names are refused, not cut
      xdr.xdrEncodeBoolean(true); // chown_restricted
      xdr.xdrEncodeBoolean(false); // case_insensitive
      xdr.xdrEncodeBoolean(true); // case_preserving
    };
  }

  @Override
  public FailShape failShape() {
    return FailShape.POST_OP;
  }
}
