package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.nfs.access.ModeCheck;
import dev.kiln.nfs.export.Node;
import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;
import java.time.Instant;

/**
 * SETATTR (RFC 1813 §3.3.2), with the guard on ctime and POSIX ownership rules: only the owner (or
 * root) changes the mode or sets explicit times, only root gives a file away, the owner may change
 * the group to one of their own groups, and a size change needs write permission.
 */
final class Nfs3Setattr implements Nfs3Procedure {

  @Override
  public XdrReply run(Nfs3Request r) throws IOException {
    Node node = r.handle();
    r.wccDir = node;
    SetAttributes changes = Nfs3Xdr.sattr3(r.args);
    Instant guard = r.args.xdrDecodeBoolean() ? Nfs3Xdr.decodeTime(r.args) : null;
    Attributes before = node.fs().resolve(node.inode(), node.handle().generation());
    r.wccBefore = before;
    r.requireWritable(node);
    if (guard != null && !guard.equals(before.ctime())) {
      throw new Nfs3Exception(Nfs3Status.NOT_SYNC, "ctime guard does not match");
    }
    check(r, before, changes);
    Attributes after = changes.isEmpty() ? before : node.fs().setattr(node.inode(), changes);
    node.fs().commit(node.inode(), 0, 0);
    return xdr -> Nfs3Xdr.wcc(xdr, node.fs().guid(), before, after);
  }

  private static void check(Nfs3Request r, Attributes a, SetAttributes c) throws Nfs3Exception {
    boolean root = r.caller.isRoot();
    boolean owner = r.caller.uid() == a.uid();
    if (c.mode() != null && !root && !owner) {
      throw new Nfs3Exception(Nfs3Status.PERM, "only the owner may change the mode");
    }
    if (c.uid() != null && c.uid() != a.uid() && !root) {
      throw new Nfs3Exception(Nfs3Status.PERM, "only root may change the owner");
    }
    if (c.gid() != null && c.gid() != a.gid() && !root && !(owner && r.caller.inGroup(c.gid()))) {
      throw new Nfs3Exception(Nfs3Status.PERM, "not a member of the new group");
    }
    if (c.size() != null) {
      if (a.isDirectory()) {
        throw new Nfs3Exception(Nfs3Status.ISDIR, "cannot set the size of a directory");
      }
      if (!owner && !ModeCheck.allows(r.caller, a, ModeCheck.WRITE)) {
        throw new Nfs3Exception(Nfs3Status.ACCES, "no write permission");
      }
    }
    boolean explicitTime =
        (c.atime() != null && !c.atime().isServerTime())
            || (c.mtime() != null && !c.mtime().isServerTime());
    boolean anyTime = c.atime() != null || c.mtime() != null;
    if (explicitTime && !root && !owner) {
      throw new Nfs3Exception(Nfs3Status.PERM, "only the owner may set explicit times");
    }
    if (anyTime && !root && !owner && !ModeCheck.allows(r.caller, a, ModeCheck.WRITE)) {
      throw new Nfs3Exception(Nfs3Status.ACCES, "no write permission");
    }
  }

  @Override
  public FailShape failShape() {
    return FailShape.WCC;
  }
}
