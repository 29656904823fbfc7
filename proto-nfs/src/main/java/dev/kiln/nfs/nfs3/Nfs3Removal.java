package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.nfs.access.ModeCheck;
import dev.kiln.nfs.export.Node;
import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;

/** Checks REMOVE, RMDIR and RENAME share: write and search on the directory, the sticky bit. */
final class Nfs3Removal {

  private Nfs3Removal() {}

  /** REMOVE and RMDIR: checks, removes the entry durably and answers the directory's wcc_data. */
  static XdrReply remove(Nfs3Request r, boolean directory) throws IOException {
    Node dir = r.handle();
    r.wccDir = dir;
    String name = r.name();
    Attributes before = r.wcc(dir);
    checkRemove(r, dir, before, name);
    if (directory) {
      dir.fs().rmdir(dir.inode(), name);
    } else {
      dir.fs().unlink(dir.inode(), name);
    }
    dir.fs().commit(dir.inode(), 0, 0);
    Attributes after = dir.fs().getattr(dir.inode());
    return xdr -> Nfs3Xdr.wcc(xdr, dir.fs().guid(), before, after);
  }

  /** The victim's attributes once the caller is allowed to remove {@code name} from dir. */
  static Attributes checkRemove(Nfs3Request r, Node dir, Attributes dirAttr, String name)
      throws IOException {
    if (!dirAttr.isDirectory()) {
      throw new Nfs3Exception(Nfs3Status.NOTDIR, "not a directory");
    }
    if (name.equals(".") || name.equals("..")) {
      throw new Nfs3Exception(Nfs3Status.INVAL, "cannot remove . or ..");
    }
    r.requireWritable(dir);
    r.require(dirAttr, ModeCheck.EXECUTE);
    Attributes victim = dir.fs().lookup(dir.inode(), name);
    if (!ModeCheck.mayDelete(r.caller, dirAttr, victim)) {
      throw new Nfs3Exception(Nfs3Status.ACCES, "permission denied");
    }
    return victim;
  }
}
