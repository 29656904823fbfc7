package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.nfs.export.Node;
import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;

/** FSINFO (RFC 1813 §3.3.19): transfer sizes and the engine's limits. */
final class Nfs3Fsinfo implements Nfs3Procedure {

  /** Largest READ/WRITE payload, 1 MiB (the largest Linux and libnfs use). */
  static final int MAX_TRANSFER = 1 << 20;

  private static final int FSF3_LINK = 0x1;
  private static final int FSF3_SYMLINK = 0x2;
  private static final int FSF3_HOMOGENEOUS = 0x8;
  private static final int FSF3_CANSETTIME = 0x10;

  @Override
  public XdrReply run(Nfs3Request r) throws IOException {
    Node node = r.handle();
    r.failObject = node;
    Attributes a = node.fs().resolve(node.inode(), node.handle().generation());
    long maxFileSize = node.fs().limits().maxFileSize();
    return xdr -> {
      Nfs3Xdr.postOpAttr(xdr, node.fs().guid(), a);
      xdr.xdrEncodeInt(MAX_TRANSFER); // rtmax
      xdr.xdrEncodeInt(MAX_TRANSFER); // rtpref
      xdr.xdrEncodeInt(4096); // rtmult
      xdr.xdrEncodeInt(MAX_TRANSFER); // wtmax
      xdr.xdrEncodeInt(MAX_TRANSFER); // wtpref
      xdr.xdrEncodeInt(4096); // wtmult
      xdr.xdrEncodeInt(65_536); // dtpref
      xdr.xdrEncodeLong(maxFileSize);
      xdr.xdrEncodeInt(0); // time_delta: nanosecond timestamps
      xdr.xdrEncodeInt(1);
      xdr.xdrEncodeInt(FSF3_LINK | FSF3_SYMLINK | FSF3_HOMOGENEOUS | FSF3_CANSETTIME);
    };
  }

  @Override
  public FailShape failShape() {
    return FailShape.POST_OP;
  }
}
