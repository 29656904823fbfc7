package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.nfs.access.ModeCheck;
import dev.kiln.nfs.export.Node;
import dev.kiln.nfs.handle.FileHandle;
import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;

/** What CREATE, MKDIR, SYMLINK and MKNOD share: the checks on the directory and the reply. */
final class Nfs3Creation {

  private Nfs3Creation() {}

  /** Checks the directory may receive a new entry; returns its pre-operation attributes. */
  static Attributes checkDirectory(Nfs3Request r, Node dir) throws IOException {
    Attributes before = r.wcc(dir);
    if (!before.isDirectory()) {
      throw new Nfs3Exception(Nfs3Status.NOTDIR, "not a directory");
    }
    r.requireWritable(dir);
    r.require(before, ModeCheck.WRITE | ModeCheck.EXECUTE);
    return before;
  }

  /**
   * The new object's initial attributes: owned by the caller, group from a setgid directory or the
   * caller; only root may ask for another owner at creation.
   */
  static SetAttributes initial(Nfs3Request r, Attributes dir, SetAttributes requested) {
    long gid = (dir.mode() & 02000) != 0 ? dir.gid() : r.caller.gid();
    long uid = r.caller.uid();
    if (r.caller.isRoot()) {
      uid = requested.uid() != null ? requested.uid() : uid;
      gid = requested.gid() != null ? requested.gid() : gid;
    }
    return new SetAttributes(
        requested.mode(),
        uid,
        gid,
        null,
        null,
        null,
        requested.atime(),
        requested.mtime(),
        null,
        null);
  }

  /** The CREATE/MKDIR/SYMLINK/MKNOD success body, after making the change durable. */
  static XdrReply reply(Node dir, Attributes before, Attributes created) throws IOException {
    dir.fs().commit(dir.inode(), 0, 0);
    FileHandle h = FileHandle.inode(dir.fs().guid(), created.inode(), created.generation());
    Attributes after = dir.fs().getattr(dir.inode());
    long fsid = dir.fs().guid();
    return xdr -> {
      Nfs3Xdr.postOpHandle(xdr, h);
      Nfs3Xdr.postOpAttr(xdr, fsid, created);
      Nfs3Xdr.wcc(xdr, fsid, before, after);
    };
  }
}
