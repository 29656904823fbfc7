package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.nfs.access.ModeCheck;
import dev.kiln.nfs.export.Node;
import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.dcache.oncrpc4j.xdr.Xdr;

/**
 * READ (RFC 1813 §3.3.6). The owner may read a file whatever its mode bits (the open-time check was
 * made on the client, as knfsd allows); counts above {@link Nfs3Fsinfo#MAX_TRANSFER} are cut.
 */
final class Nfs3Read implements Nfs3Procedure {

  @Override
  public XdrReply run(Nfs3Request r) throws IOException {
    Node node = r.handle();
    r.failObject = node;
    long offset = r.args.xdrDecodeLong();
    int count =
        Math.clamp(Integer.toUnsignedLong(r.args.xdrDecodeInt()), 0, Nfs3Fsinfo.MAX_TRANSFER);
    Attributes a = node.fs().resolve(node.inode(), node.handle().generation());
    if (a.isDirectory()) {
      throw new Nfs3Exception(Nfs3Status.ISDIR, "is a directory");
    }
    if (!a.isFile()) {
      throw new Nfs3Exception(Nfs3Status.INVAL, "not a regular file");
    }
    if (r.caller.uid() != a.uid() && !ModeCheck.allows(r.caller, a, ModeCheck.READ)) {
      throw new Nfs3Exception(Nfs3Status.ACCES, "no read permission");
    }
    if (offset < 0) {
      throw new Nfs3Exception(Nfs3Status.INVAL, "offset beyond 2^63");
    }
    ByteBuffer data = ByteBuffer.allocate((int) Math.min(count, Math.max(0, a.size() - offset)));
    int n = data.capacity() == 0 ? 0 : node.fs().read(node.inode(), offset, data);
    data.flip();
    boolean eof = offset + n >= a.size();
    return xdr -> {
      Nfs3Xdr.postOpAttr(xdr, node.fs().guid(), a);
      xdr.xdrEncodeInt(n);
      xdr.xdrEncodeBoolean(eof);
      if (xdr instanceof Xdr direct) {
        direct.xdrEncodeShallowByteBuffer(data);
      } else {
        xdr.xdrEncodeByteBuffer(data);
      }
    };
  }

  @Override
  public FailShape failShape() {
    return FailShape.POST_OP;
  }
}
