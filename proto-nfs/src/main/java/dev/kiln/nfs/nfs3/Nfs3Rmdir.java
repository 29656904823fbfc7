package dev.kiln.nfs.nfs3;

import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;

/** RMDIR (RFC 1813 §3.3.13): removes an empty directory. */
final class Nfs3Rmdir implements Nfs3Procedure {

  @Override
  public XdrReply run(Nfs3Request r) throws IOException {
    return Nfs3Removal.remove(r, true);
  }

  @Override
  public FailShape failShape() {
    return FailShape.WCC;
  }
}
