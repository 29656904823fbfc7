package dev.kiln.nfs.nfs3;

import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;

/** REMOVE (RFC 1813 §3.3.12): removes a non-directory entry. */
final class Nfs3Remove implements Nfs3Procedure {

  @Override
  public XdrReply run(Nfs3Request r) throws IOException {
    return Nfs3Removal.remove(r, false);
  }

  @Override
  public FailShape failShape() {
    return FailShape.WCC;
  }
}
