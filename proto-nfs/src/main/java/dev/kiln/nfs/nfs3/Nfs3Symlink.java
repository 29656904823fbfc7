package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.nfs.export.Node;
import dev.kiln.nfs.rpc.XdrReply;
import dev.kiln.nfs.rpc.XdrStrings;
import java.io.IOException;

/** SYMLINK (RFC 1813 §3.3.10): the target is stored verbatim. */
final class Nfs3Symlink implements Nfs3Procedure {

  @Override
  public XdrReply run(Nfs3Request r) throws IOException {
    Node dir = r.handle();
    r.wccDir = dir;
    String name = r.name();
    SetAttributes requested = Nfs3Xdr.sattr3(r.args);
    String target = XdrStrings.decode(r.args, 65_536);
    Attributes before = Nfs3Creation.checkDirectory(r, dir);
    if (target.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
        > dir.fs().limits().maxSymlinkBytes()) {
      throw new Nfs3Exception(Nfs3Status.NAMETOOLONG, "symbolic link target too long");
    }
    Attributes created =
        dir.fs().symlink(dir.inode(), name, target, Nfs3Creation.initial(r, before, requested));
    return Nfs3Creation.reply(dir, before, created);
  }

  @Override
  public FailShape failShape() {
    return FailShape.WCC;
  }
}
