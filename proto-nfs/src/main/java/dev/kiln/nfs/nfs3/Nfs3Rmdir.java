package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.nfs.export.Node;
import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;

/** RMDIR (RFC 1813 §3.3.13): removes an empty directory. */
final class Nfs3Rmdir implements Nfs3Procedure {

  @Override
  public XdrReply run(Nfs3Request r) throws IOException {
    Node dir = r.handle();
    r.wccDir = dir;
    String name = r.name();
    Attributes before = r.wcc(dir);
    Nfs3Removal.checkRemove(r, dir, before, name);
    dir.fs().rmdir(dir.inode(), name);
    dir.fs().commit(dir.inode(), 0, 0);
    Attributes after = dir.fs().getattr(dir.inode());
    return xdr -> Nfs3Xdr.wcc(xdr, dir.fs().guid(), before, after);
  }

  @Override
  public FailShape failShape() {
    return FailShape.WCC;
  }
}
