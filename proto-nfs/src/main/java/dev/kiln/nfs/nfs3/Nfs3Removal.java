package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.nfs.access.ModeCheck;
import dev.kiln.nfs.export.Node;
import java.io.IOException;

/** Checks REMOVE, RMDIR and RENAME share: write and search on the directory, the sticky bit. */
final class Nfs3Removal {

  private Nfs3Removal() {}

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
