package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.FileType;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.nfs.export.Node;
import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;

/**
 * MKNOD (RFC 1813 §3.3.11): devices (root only), sockets and FIFOs; other types are BADTYPE. The
 * device number is kept as major in the high and minor in the low 32 bits, as fattr3 reports it.
 */
final class Nfs3Mknod implements Nfs3Procedure {

  @Override
  public XdrReply run(Nfs3Request r) throws IOException {
    Node dir = r.handle();
    r.wccDir = dir;
    String name = r.name();
    int type = r.args.xdrDecodeInt();
    FileType fileType;
    long rdev = 0;
    SetAttributes requested;
    switch (type) {
      case 3, 4 -> {
        fileType = type == 3 ? FileType.BLOCK_DEVICE : FileType.CHAR_DEVICE;
        requested = Nfs3Xdr.sattr3(r.args);
        long major = Integer.toUnsignedLong(r.args.xdrDecodeInt());
        long minor = Integer.toUnsignedLong(r.args.xdrDecodeInt());
        rdev = major << 32 | minor;
      }
      case 6, 7 -> {
        fileType = type == 6 ? FileType.SOCKET : FileType.FIFO;
        requested = Nfs3Xdr.sattr3(r.args);
      }
      default -> throw new Nfs3Exception(Nfs3Status.BADTYPE, "MKNOD cannot create type " + type);
    }
    Attributes before = Nfs3Creation.checkDirectory(r, dir);
    if ((type == 3 || type == 4) && !r.caller.isRoot()) {
      throw new Nfs3Exception(Nfs3Status.PERM, "only root creates device nodes");
    }
    Attributes created =
        dir.fs()
            .mknod(dir.inode(), name, fileType, rdev, Nfs3Creation.initial(r, before, requested));
    return Nfs3Creation.reply(dir, before, created);
  }

  @Override
  public FailShape failShape() {
    return FailShape.WCC;
  }
}
