package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.nfs.access.ModeCheck;
import dev.kiln.nfs.export.ExportAccess;
import dev.kiln.nfs.export.Node;
import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;

/** ACCESS (RFC 1813 §3.3.4): the requested bits the caller would be granted. */
final class Nfs3Access implements Nfs3Procedure {

  static final int READ = 0x01;
  static final int LOOKUP = 0x02;
  static final int MODIFY = 0x04;
  static final int EXTEND = 0x08;
  static final int DELETE = 0x10;
  static final int EXECUTE = 0x20;

  @Override
  public XdrReply run(Nfs3Request r) throws IOException {
    Node node = r.handle();
    r.failObject = node;
    int asked = r.args.xdrDecodeInt();
    Attributes a = node.fs().resolve(node.inode(), node.handle().generation());
    int granted = 0;
    if (ModeCheck.allows(r.caller, a, ModeCheck.READ)) {
      granted |= READ;
    }
    if (a.isDirectory()) {
      if (ModeCheck.allows(r.caller, a, ModeCheck.EXECUTE)) {
        granted |= LOOKUP;
      }
      if (ModeCheck.allows(r.caller, a, ModeCheck.WRITE | ModeCheck.EXECUTE)) {
        granted |= MODIFY | EXTEND | DELETE;
      }
    } else {
      if (ModeCheck.allows(r.caller, a, ModeCheck.WRITE)) {
        granted |= MODIFY | EXTEND;
      }
      if (ModeCheck.allows(r.caller, a, ModeCheck.EXECUTE)) {
        granted |= EXECUTE;
      }
    }
    boolean readOnly =
        r.access != ExportAccess.READ_WRITE || node.fs().readOnly() || r.namespace.isSnapshot(node);
    if (readOnly) {
      granted &= ~(MODIFY | EXTEND | DELETE);
    }
    int result = granted & asked;
    return xdr -> {
      Nfs3Xdr.postOpAttr(xdr, node.fs().guid(), a);
      xdr.xdrEncodeInt(result);
    };
  }

  @Override
  public FailShape failShape() {
    return FailShape.POST_OP;
  }
}
