package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.nfs.access.ModeCheck;
import dev.kiln.nfs.export.Node;
import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;

/** LOOKUP (RFC 1813 §3.3.3): needs search permission on the directory. */
final class Nfs3Lookup implements Nfs3Procedure {

  @Override
  public XdrReply run(Nfs3Request r) throws IOException {
    Node dir = r.handle();
    r.failObject = dir;
    String name = r.name();
    Attributes dirAttr = dir.fs().getattr(dir.inode());
    if (!dirAttr.isDirectory()) {
      throw new Nfs3Exception(Nfs3Status.NOTDIR, "not a directory");
    }
    r.require(dirAttr, ModeCheck.EXECUTE);
    Node child = r.namespace.lookup(dir, name);
    Attributes a = child.fs().getattr(child.inode());
    return xdr -> {
      xdr.xdrEncodeDynamicOpaque(child.handle().toBytes());
      Nfs3Xdr.postOpAttr(xdr, child.fs().guid(), a);
      Nfs3Xdr.postOpAttr(xdr, dir.fs().guid(), dirAttr);
    };
  }

  @Override
  public FailShape failShape() {
    return FailShape.POST_OP;
  }
}
