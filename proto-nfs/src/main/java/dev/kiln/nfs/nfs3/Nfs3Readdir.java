package dev.kiln.nfs.nfs3;

import dev.kiln.nfs.export.Node;
import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** READDIR (RFC 1813 §3.3.16): names and fileids within {@code count} reply bytes. */
final class Nfs3Readdir implements Nfs3Procedure {

  @Override
  public XdrReply run(Nfs3Request r) throws IOException {
    Node dir = r.handle();
    r.failObject = dir;
    long cookie = r.args.xdrDecodeLong();
    long verifier = r.args.xdrDecodeLong();
    int count = Math.clamp(Integer.toUnsignedLong(r.args.xdrDecodeInt()), 0, 1 << 20);
    Nfs3Listing.Result list =
        Nfs3Listing.list(r, dir, cookie, verifier, count - Nfs3Listing.REPLY_OVERHEAD, 0);
    long fsid = dir.fs().guid();
    return xdr -> {
      Nfs3Xdr.postOpAttr(xdr, fsid, list.dir());
      xdr.xdrEncodeLong(list.verifier());
      for (Nfs3Listing.Item item : list.items()) {
        xdr.xdrEncodeBoolean(true);
        xdr.xdrEncodeLong(item.fileid());
        xdr.xdrEncodeDynamicOpaque(item.name().getBytes(StandardCharsets.UTF_8));
        xdr.xdrEncodeLong(item.cookie());
      }
      xdr.xdrEncodeBoolean(false);
      xdr.xdrEncodeBoolean(list.eof());
    };
  }

  @Override
  public FailShape failShape() {
    return FailShape.POST_OP;
  }
}
