package dev.kiln.smb.command;

import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.smb.protocol.AccessMask;
import dev.kiln.smb.protocol.SmbReader;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.StatusAccessDenied;
import dev.kiln.smb.protocol.StatusBadNetworkName;
import dev.kiln.smb.protocol.StatusInvalidParameter;
import dev.kiln.smb.share.SmbShare;
import dev.kiln.smb.state.Session;
import dev.kiln.smb.state.Tree;
import java.io.IOException;

/** TREE_CONNECT ([MS-SMB2] 2.2.9, 2.2.10, 3.3.5.7): disk shares and IPC$. */
final class Smb2TreeConnect implements Smb2Handler {

  private static final int TYPE_DISK = 1;
  private static final int TYPE_PIPE = 2;
  private static final int SHAREFLAG_ABE = 0x800;
  private static final int SHAREFLAG_ENCRYPT = 0x8000;
  static final int READ_ONLY_ACCESS =
      AccessMask.FILE_GENERIC_READ | AccessMask.FILE_GENERIC_EXECUTE;

  @Override
  public boolean needsTree() {
    return false;
  }

  @Override
  public void handle(Smb2Request req, Smb2Response resp) throws SmbStatusException, IOException {
    SmbReader r = req.r();
    r.expectBody(9);
    int off = r.u16(68);
    int len = r.u16(70);
    r.checkRange(off, len, 72);
    String path = r.utf16(off, len);
    if (!path.startsWith("\\\\")) {
      throw new StatusInvalidParameter("tree path '" + path + "' is not \\\\server\\share");
    }
    String rest = path.substring(2);
    int slash = rest.indexOf('\\');
    if (slash < 0 || slash == rest.length() - 1 || rest.indexOf('\\', slash + 1) >= 0) {
      throw new StatusBadNetworkName("tree path '" + path + "'");
    }
    String name = rest.substring(slash + 1);
    Session s = req.session();
    Tree tree;
    int type;
    int shareFlags = 0;
    if (name.equalsIgnoreCase("IPC$")) {
      tree = new Tree(s.nextTreeId(), null, null, true, AccessMask.ALL, false);
      type = TYPE_PIPE;
    } else {
      SmbShare share = null;
      for (SmbShare sh : req.server().shares().shares()) {
        if (sh.name().equalsIgnoreCase(name)) {
          share = sh;
        }
      }
      if (share == null) {
        throw new StatusBadNetworkName("no share " + name);
      }
      if ((s.guest() || s.anonymous()) && !share.options().guest()) {
        throw new StatusAccessDenied("share " + name + " does not allow guests");
      }
      boolean encrypt = share.options().encrypt() || req.server().requireEncryption();
      if (encrypt && s.cipher() == null) {
        throw new StatusAccessDenied("share " + name + " needs an encrypted (SMB 3) session");
      }
      FileSystem fs = req.server().shares().fileSystem(share);
      boolean readOnly = share.options().readOnly() || s.caller().readOnly() || fs.readOnly();
      tree =
          new Tree(
              s.nextTreeId(),
              share,
              fs,
              readOnly,
              readOnly ? READ_ONLY_ACCESS : AccessMask.ALL,
              encrypt);
      type = TYPE_DISK;
      shareFlags |= encrypt ? SHAREFLAG_ENCRYPT : 0;
      shareFlags |= share.options().accessBasedEnumeration() ? SHAREFLAG_ABE : 0;
    }
    s.trees().put(tree.id(), tree);
    resp.treeId(tree.id());
    resp.w().u16(16).u8(type).u8(0).u32(shareFlags).u32(0).u32(tree.maximalAccess());
  }
}
