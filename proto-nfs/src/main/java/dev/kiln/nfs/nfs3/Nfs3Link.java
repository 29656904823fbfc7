package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.nfs.access.ModeCheck;
import dev.kiln.nfs.export.Node;
import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;

/** LINK (RFC 1813 §3.3.15): a hard link within one file system. */
final class Nfs3Link implements Nfs3Procedure {

  @Override
  public XdrReply run(Nfs3Request r) throws IOException {
    Node file = r.handle();
    r.failObject = file;
    Node dir = r.handle();
    r.wccDir = dir;
    String name = r.name();
    Attributes before = r.wcc(dir);
    Attributes fileAttr = file.fs().resolve(file.inode(), file.handle().generation());
    if (file.fs().guid() != dir.fs().guid()) {
      throw new Nfs3Exception(Nfs3Status.XDEV, "link across file systems");
    }
    if (!before.isDirectory()) {
      throw new Nfs3Exception(Nfs3Status.NOTDIR, "not a directory");
    }
    if (fileAttr.isDirectory()) {
      throw new Nfs3Exception(Nfs3Status.ISDIR, "cannot link a directory");
    }
    r.requireWritable(dir);
    r.require(before, ModeCheck.WRITE | ModeCheck.EXECUTE);
    Attributes linked = dir.fs().link(file.inode(), dir.inode(), name);
    dir.fs().commit(dir.inode(), 0, 0);
    Attributes after = dir.fs().getattr(dir.inode());
    long fsid = dir.fs().guid();
    return xdr -> {
      Nfs3Xdr.postOpAttr(xdr, fsid, linked);
      Nfs3Xdr.wcc(xdr, fsid, before, after);
    };
  }

  @Override
  public FailShape failShape() {
    return FailShape.LINK;
  }
}
