package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.FileType;
import dev.kiln.nfs.export.Node;
import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;

/** READLINK (RFC 1813 §3.3.5). */
final class Nfs3Readlink implements Nfs3Procedure {

  @Override
  public XdrReply run(Nfs3Request r) throws IOException {
    Node node = r.handle();
    r.failObject = node;
    Attributes a = node.fs().resolve(node.inode(), node.handle().generation());
    if (a.type() != FileType.SYMLINK) {
      throw new Nfs3Exception(Nfs3Status.INVAL, "not a symbolic link");
    }
    String target = node.fs().readlink(node.inode());
    return xdr -> {
      Nfs3Xdr.postOpAttr(xdr, node.fs().guid(), a);
      xdr.xdrEncodeDynamicOpaque(target.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    };
  }

  @Override
  public FailShape failShape() {
    return FailShape.POST_OP;
  }
}
