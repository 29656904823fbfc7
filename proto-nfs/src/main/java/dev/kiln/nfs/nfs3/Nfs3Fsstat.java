package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.FsStat;
import dev.kiln.nfs.export.Node;
import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;

/** FSSTAT (RFC 1813 §3.3.18): the engine's quota-aware capacity. */
final class Nfs3Fsstat implements Nfs3Procedure {

  @Override
  public XdrReply run(Nfs3Request r) throws IOException {
    Node node = r.handle();
    r.failObject = node;
    Attributes a = node.fs().resolve(node.inode(), node.handle().generation());
    FsStat s = node.fs().statfs();
    return xdr -> {
      Nfs3Xdr.postOpAttr(xdr, node.fs().guid(), a);
      xdr.xdrEncodeLong(s.totalBytes());
      xdr.xdrEncodeLong(s.freeBytes());
      xdr.xdrEncodeLong(s.availableBytes());
      xdr.xdrEncodeLong(s.totalFiles());
      xdr.xdrEncodeLong(s.freeFiles());
      xdr.xdrEncodeLong(s.availableFiles());
      xdr.xdrEncodeInt(0); // invarsec: the values may change at any time
    };
  }

  @Override
  public FailShape failShape() {
    return FailShape.POST_OP;
  }
}
