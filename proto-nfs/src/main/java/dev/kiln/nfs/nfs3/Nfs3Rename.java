package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.error.NoSuchEntryException;
import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.nfs.access.ModeCheck;
import dev.kiln.nfs.export.Node;
import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;

/** RENAME (RFC 1813 §3.3.14): within one file system; XDEV across file systems. */
final class Nfs3Rename implements Nfs3Procedure {

  @Override
  public XdrReply run(Nfs3Request r) throws IOException {
    Node from = r.handle();
    r.wccDir = from;
    String fromName = r.name();
    Node to = r.handle();
    r.wccDir2 = to;
    String toName = r.name();
    Attributes fromBefore = r.wcc(from);
    Attributes toBefore = r.wcc2(to);
    if (from.fs().guid() != to.fs().guid()) {
      throw new Nfs3Exception(Nfs3Status.XDEV, "rename across file systems");
    }
    Nfs3Removal.checkRemove(r, from, fromBefore, fromName);
    if (!toBefore.isDirectory()) {
      throw new Nfs3Exception(Nfs3Status.NOTDIR, "not a directory");
    }
    if (toName.equals(".") || toName.equals("..")) {
      throw new Nfs3Exception(Nfs3Status.INVAL, "cannot rename onto . or ..");
    }
    r.requireWritable(to);
    r.require(toBefore, ModeCheck.WRITE | ModeCheck.EXECUTE);
    try {
      Attributes target = to.fs().lookup(to.inode(), toName);
      if (!ModeCheck.mayDelete(r.caller, toBefore, target)) {
        throw new Nfs3Exception(Nfs3Status.ACCES, "may not replace the target");
      }
    } catch (NoSuchEntryException absent) {
      // Nothing is replaced.
    }
    from.fs().rename(from.inode(), fromName, to.inode(), toName);
    from.fs().commit(from.inode(), 0, 0);
    Attributes fromAfter = from.fs().getattr(from.inode());
    Attributes toAfter = to.fs().getattr(to.inode());
    long fsid = from.fs().guid();
    return xdr -> {
      Nfs3Xdr.wcc(xdr, fsid, fromBefore, fromAfter);
      Nfs3Xdr.wcc(xdr, fsid, toBefore, toAfter);
    };
  }

  @Override
  public FailShape failShape() {
    return FailShape.WCC2;
  }
}
