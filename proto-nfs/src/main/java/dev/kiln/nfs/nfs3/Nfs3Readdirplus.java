package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.nfs.export.Node;
import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * READDIRPLUS (RFC 1813 §3.3.17): entries with attributes and handles, bounded by both dircount
 * (the name part) and maxcount (the whole reply). An entry removed meanwhile is listed without
 * attributes or handle, which the protocol allows.
 */
final class Nfs3Readdirplus implements Nfs3Procedure {

  private record Plus(Nfs3Listing.Item item, Node node, Attributes attributes) {}

  @Override
  public XdrReply run(Nfs3Request r) throws IOException {
    Node dir = r.handle();
    r.failObject = dir;
    long cookie = r.args.xdrDecodeLong();
    long verifier = r.args.xdrDecodeLong();
    r.args.xdrDecodeInt(); // dircount
    int maxcount = Math.clamp(Integer.toUnsignedLong(r.args.xdrDecodeInt()), 0, 1 << 20);
    // dircount only bounds the name part; like knfsd, maxcount alone bounds the reply.
    int budget = maxcount - Nfs3Listing.REPLY_OVERHEAD;
    Nfs3Listing.Result list =
        Nfs3Listing.list(r, dir, cookie, verifier, budget, Nfs3Listing.PLUS_EXTRA);
    List<Plus> entries = new ArrayList<>(list.items().size());
    for (Nfs3Listing.Item item : list.items()) {
      Node node = null;
      Attributes a = null;
      try {
        node =
            item.name().equals(".") || item.name().equals("..")
                ? r.namespace.lookup(dir, item.name())
                : r.namespace.child(dir, item.name(), dir.fs().getattr(item.fileid()));
        a = node.fs().getattr(node.inode());
      } catch (IOException gone) {
        node = null;
      }
      entries.add(new Plus(item, node, a));
    }
    long fsid = dir.fs().guid();
    return xdr -> {
      Nfs3Xdr.postOpAttr(xdr, fsid, list.dir());
      xdr.xdrEncodeLong(list.verifier());
      for (Plus p : entries) {
        xdr.xdrEncodeBoolean(true);
        xdr.xdrEncodeLong(p.item().fileid());
        xdr.xdrEncodeDynamicOpaque(p.item().name().getBytes(StandardCharsets.UTF_8));
        xdr.xdrEncodeLong(p.item().cookie());
        Nfs3Xdr.postOpAttr(xdr, p.node() == null ? fsid : p.node().fs().guid(), p.attributes());
        Nfs3Xdr.postOpHandle(xdr, p.node() == null ? null : p.node().handle());
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
