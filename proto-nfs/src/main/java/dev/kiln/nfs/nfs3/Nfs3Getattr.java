package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.nfs.export.Node;
import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;

/** GETATTR (RFC 1813 §3.3.1). */
final class Nfs3Getattr implements Nfs3Procedure {

  @Override
  public XdrReply run(Nfs3Request r) throws IOException {
    Node node = r.handle();
    Attributes a = node.fs().resolve(node.inode(), node.handle().generation());
    return xdr -> Nfs3Xdr.fattr3(xdr, node.fs().guid(), a);
  }

  @Override
  public FailShape failShape() {
    return FailShape.NONE;
  }
}
