package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.nfs.export.Node;
import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;

/** MKDIR (RFC 1813 §3.3.9). */
final class Nfs3Mkdir implements Nfs3Procedure {

  @Override
  public XdrReply run(Nfs3Request r) throws IOException {
    Node dir = r.handle();
    r.wccDir = dir;
    String name = r.name();
    SetAttributes requested = Nfs3Xdr.sattr3(r.args);
    Attributes before = Nfs3Creation.checkDirectory(r, dir);
    Attributes created =
        dir.fs().mkdir(dir.inode(), name, Nfs3Creation.initial(r, before, requested));
    return Nfs3Creation.reply(dir, before, created);
  }

  @Override
  public FailShape failShape() {
    return FailShape.WCC;
  }
}
