package dev.kiln.smb.command;

import dev.kiln.engine.api.error.NoSuchEntryException;
import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.DirectoryPage;
import dev.kiln.engine.api.fs.DosAttribute;
import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.api.fs.TimeSet;
import dev.kiln.smb.fscc.ExtendedAttributes;
import dev.kiln.smb.fscc.FileAttributes;
import dev.kiln.smb.fscc.InfoClass;
import dev.kiln.smb.protocol.AccessMask;
import dev.kiln.smb.protocol.FileTime;
import dev.kiln.smb.protocol.SmbReader;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.StatusAccessDenied;
import dev.kiln.smb.protocol.StatusCannotDelete;
import dev.kiln.smb.protocol.StatusDirectoryNotEmpty;
import dev.kiln.smb.protocol.StatusInfoLengthMismatch;
import dev.kiln.smb.protocol.StatusInvalidInfoClass;
import dev.kiln.smb.protocol.StatusInvalidParameter;
import dev.kiln.smb.protocol.StatusMediaWriteProtected;
import dev.kiln.smb.protocol.StatusNotSupported;
import dev.kiln.smb.protocol.StatusObjectNameCollision;
import dev.kiln.smb.protocol.StatusObjectPathNotFound;
import dev.kiln.smb.protocol.StatusSharingViolation;
import dev.kiln.smb.security.InvalidSecurityDescriptorException;
import dev.kiln.smb.security.SecurityDescriptors;
import dev.kiln.smb.security.SecurityInformation;
import dev.kiln.smb.state.FileKey;
import dev.kiln.smb.state.FileNode;
import dev.kiln.smb.state.Open;
import dev.kiln.smb.state.OpenFiles;
import dev.kiln.smb.state.WriteTime;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * SET_INFO ([MS-SMB2] 2.2.39, 3.3.5.21; [MS-FSA] 2.1.5.14): basic, rename, link, disposition (and
 * Ex), position, mode, allocation and end-of-file. File system and security information cannot be
 * set (STATUS_NOT_SUPPORTED).
 */
final class Smb2SetInfo implements Smb2Handler {

  private static final int DISPOSITION_DELETE = 0x1;
  private static final int DISPOSITION_POSIX = 0x2;
  private static final int DISPOSITION_ON_CLOSE = 0x8;

  private final ChangeNotifications notifications;

  Smb2SetInfo(ChangeNotifications notifications) {
    this.notifications = notifications;
  }

  @Override
  public void handle(Smb2Request req, Smb2Response resp) throws SmbStatusException, IOException {
    SmbReader r = req.r();
    r.expectBody(33);
    int type = r.u8(66);
    int infoClass = r.u8(67);
    long len = r.u32(68) & 0xffff_ffffL;
    int off = r.u16(72);
    Open open = req.open(80);
    r.checkRange(off, len, 96);
    if (len > req.conn().maxIo()) {
      throw new StatusInvalidParameter("BufferLength " + len);
    }
    if (type == Smb2QueryInfo.INFO_SECURITY && open.fs() != null) {
      security(open, r.u32(76), r.bytes(off, (int) len));
      resp.w().u16(2);
      return;
    }
    if (type != Smb2QueryInfo.INFO_FILE) {
      if (type == Smb2QueryInfo.INFO_SECURITY
          || type == Smb2QueryInfo.INFO_FILESYSTEM
          || type == Smb2QueryInfo.INFO_QUOTA) {
        throw new StatusNotSupported("InfoType " + type + " cannot be set");
      }
      throw new StatusInvalidParameter("InfoType " + type);
    }
    if (open.pipe() != null) {
      throw new StatusNotSupported("pipe information cannot be set");
    }
    int n = (int) len;
    switch (infoClass) {
      case InfoClass.FILE_POSITION -> {
        need(n, 8);
        long pos = r.u64(off);
        if (pos < 0) {
          throw new StatusInvalidParameter("position");
        }
        open.position(pos);
      }
      case InfoClass.FILE_MODE -> {
        need(n, 4);
        int mode = r.u32(off);
        if ((mode & ~0x103E) != 0) {
          throw new StatusInvalidParameter("mode " + mode);
        }
        open.mode(mode);
      }
      case InfoClass.FILE_BASIC -> basic(req, open, r, off, n);
      case InfoClass.FILE_END_OF_FILE -> {
        // [MS-FSA] 2.1.4.12: size changes break level II oplocks to none.
        req.server().oplocks().breakLevelTwo(open.node().key(), open.id());
        size(req, open, r, off, n, true);
      }
      case InfoClass.FILE_ALLOCATION -> {
        req.server().oplocks().breakLevelTwo(open.node().key(), open.id());
        size(req, open, r, off, n, false);
      }
      case InfoClass.FILE_DISPOSITION -> {
        need(n, 1);
        disposition(open, r.u8(off) != 0);
      }
      case InfoClass.FILE_DISPOSITION_EX -> {
        need(n, 4);
        int flags = r.u32(off);
        if ((flags & DISPOSITION_POSIX) != 0) {
          throw new StatusNotSupported("POSIX delete semantics are not supported");
        }
        if ((flags & DISPOSITION_ON_CLOSE) != 0) {
          writable(open);
          open.deleteOnClose((flags & DISPOSITION_DELETE) != 0);
        } else {
          disposition(open, (flags & DISPOSITION_DELETE) != 0);
        }
      }
      case InfoClass.FILE_RENAME -> rename(req, open, r, off, n, false);
      case InfoClass.FILE_LINK -> rename(req, open, r, off, n, true);
      case InfoClass.FILE_FULL_EA -> {
        // FileFullEaInformation ([MS-FSCC] 2.4.15): an empty value deletes an EA.
        if (!open.granted(AccessMask.WRITE_EA)) {
          throw new StatusAccessDenied("no FILE_WRITE_EA");
        }
        writable(open);
        List<ExtendedAttributes.Ea> eas =
            ExtendedAttributes.parseFull(r.array(), r.base() + off, n);
        long inode = open.path().indexOf(':') >= 0 ? open.node().parentInode() : open.inode();
        ExtendedAttributes.apply(open.fs(), inode, eas);
      }
      default -> throw new StatusInvalidInfoClass("file class " + infoClass);
    }
    resp.w().u16(2);
  }

  /**
   * Applies the parts of a descriptor {@code additional} names ([MS-SMB2] 3.3.5.21.3): owner and
   * group (Kiln uids and gids only) with WRITE_OWNER, the DACL with WRITE_DAC; SACLs are refused.
   */
  private static void security(Open open, int additional, byte[] sd)
      throws SmbStatusException, IOException {
    writable(open);
    if ((additional & SecurityInformation.SACL) != 0) {
      throw new StatusNotSupported("SACLs are not stored");
    }
    boolean owner = (additional & (SecurityInformation.OWNER | SecurityInformation.GROUP)) != 0;
    if (owner && !open.granted(AccessMask.WRITE_OWNER)) {
      throw new StatusAccessDenied("no WRITE_OWNER");
    }
    if ((additional & SecurityInformation.DACL) != 0 && !open.granted(AccessMask.WRITE_DAC)) {
      throw new StatusAccessDenied("no WRITE_DAC");
    }
    SecurityDescriptors.Decoded d;
    try {
      d = SecurityDescriptors.decode(sd);
    } catch (InvalidSecurityDescriptorException e) {
      throw new StatusInvalidParameter("security descriptor: " + e.getMessage());
    }
    long inode = open.path().indexOf(':') >= 0 ? open.node().parentInode() : open.inode();
    FileSystem fs = open.fs();
    Attributes a = fs.getattr(inode);
    Ownership.change(
        fs,
        a,
        (additional & SecurityInformation.OWNER) != 0 ? d.owner() : Optional.empty(),
        (additional & SecurityInformation.GROUP) != 0 ? d.group() : Optional.empty(),
        open.session().caller());
    if ((additional & SecurityInformation.DACL) != 0) {
      // A DACL asked for but not present in the descriptor is a NULL DACL, as on Windows.
      fs.setAcl(inode, d.acl().orElse(SecurityDescriptors.NULL_DACL));
    }
  }

  private static void need(int len, int min) throws StatusInfoLengthMismatch {
    if (len < min) {
      throw new StatusInfoLengthMismatch(len + " < " + min);
    }
  }

  private static void writable(Open open) throws SmbStatusException {
    if (open.fs().readOnly()) {
      throw new StatusMediaWriteProtected("snapshot");
    }
    if (open.tree().readOnly()) {
      throw new StatusAccessDenied("read-only share");
    }
  }

  private void basic(Smb2Request req, Open open, SmbReader r, int off, int n)
      throws SmbStatusException, IOException {
    need(n, 36);
    if (!open.granted(AccessMask.WRITE_ATTRIBUTES)) {
      throw new StatusAccessDenied("no WRITE_ATTRIBUTES");
    }
    writable(open);
    long creation = r.u64(off);
    long access = r.u64(off + 8);
    long write = r.u64(off + 16);
    long change = r.u64(off + 24);
    int attrs = r.u32(off + 32);
    if (creation < -2 || access < -2 || write < -2 || change < -2) {
      throw new StatusInvalidParameter("negative time");
    }
    SetAttributes changes = SetAttributes.none();
    // [MS-FSCC] 2.4.7: 0 leaves a time alone; -1 stops automatic updates of it through this handle,
    // -2 restarts them ([MS-FSA] 2.1.5.14.2), which only the LastWriteTime has here.
    if (creation > 0) {
      changes = changes.withBirthtime(FileTime.toInstant(creation));
    }
    if (access > 0) {
      changes = changes.withAtime(TimeSet.at(FileTime.toInstant(access)));
    }
    if (write > 0) {
      changes = changes.withMtime(TimeSet.at(FileTime.toInstant(write)));
    }
    if (attrs != 0) {
      if ((attrs & ~FileAttributes.VALID) != 0) {
        throw new StatusInvalidParameter("attributes " + Integer.toHexString(attrs));
      }
      boolean dir = open.directory();
      if ((attrs & FileAttributes.DIRECTORY) != 0 && !dir) {
        throw new StatusInvalidParameter("DIRECTORY attribute on a file");
      }
      if ((attrs & FileAttributes.TEMPORARY) != 0 && dir) {
        // [MS-FSA] 2.1.5.14.2: a directory cannot be temporary.
        throw new StatusInvalidParameter("TEMPORARY attribute on a directory");
      }
      changes = changes.withDosAttributes(FileAttributes.dos(attrs & FileAttributes.SETTABLE));
    }
    long inode = open.path().indexOf(':') >= 0 ? open.node().parentInode() : open.inode();
    WriteTime writeTime = open.node().writeTime();
    Instant now = req.server().openFiles().clock().instant();
    // Any basic information set makes a pending write-time update happen, even all zeros
    // (smbtorture smb2.timestamps.delayed-write-vs-setbasic, as Windows does).
    writeTime.flush(now);
    if (write > 0) {
      writeTime.set(FileTime.toInstant(write));
      open.touchedWriteTime();
    } else if (write == -1) {
      writeTime.freeze(open.fs().getattr(inode).mtime(), now);
      open.touchedWriteTime();
    } else if (write == -2) {
      writeTime.thaw();
    }
    boolean changed = false;
    Instant keepChangeTime = null;
    if (change > 0) {
      // [MS-FSCC] 2.4.7 ChangeTime: stored as the engine's ctime, until a change through another
      // handle moves it.
      keepChangeTime = FileTime.toInstant(change);
      open.userSetChangeTime(true);
    } else if (change == -1) {
      open.userSetChangeTime(true);
    } else if (change == -2) {
      open.userSetChangeTime(false);
    }
    if (!changes.isEmpty()) {
      if (keepChangeTime == null && open.userSetChangeTime()) {
        // [MS-FSA] 2.1.5.14.2: a handle that set the ChangeTime no longer moves it.
        keepChangeTime = open.fs().getattr(inode).ctime();
      }
      open.fs().setattr(inode, changes);
      changed = true;
    }
    if (keepChangeTime != null) {
      open.fs().setChangeTime(inode, keepChangeTime);
      changed = true;
    }
    if (changed) {
      notifications.changed(
          open.tree(),
          0,
          ChangeNotifications.ACTION_MODIFIED,
          Closer.parentPath(open.path()),
          leaf(open.path()),
          open.directory());
    }
  }

  private static String leaf(String path) {
    return path.substring(path.lastIndexOf('\\') + 1);
  }

  private void size(Smb2Request req, Open open, SmbReader r, int off, int n, boolean eof)
      throws SmbStatusException, IOException {
    need(n, 8);
    long size = r.u64(off);
    if (!open.granted(AccessMask.WRITE_DATA)) {
      throw new StatusAccessDenied("no WRITE_DATA");
    }
    if (open.directory()) {
      throw new StatusInvalidParameter("size of a directory");
    }
    writable(open);
    if (size < 0) {
      throw new StatusInvalidParameter("size");
    }
    FileSystem fs = open.fs();
    // A pending write-time update happens with an end-of-file or allocation change (smbtorture
    // smb2.timestamps.delayed-write-vs-seteof).
    open.node().writeTime().flush(req.server().openFiles().clock().instant());
    if (eof) {
      fs.truncate(open.inode(), size);
    } else {
      // [MS-FSA] 2.1.5.14.3: the AllocationSize is rounded up to clusters; below the end of file
      // it truncates the file.
      open.node().allocationSize(clusters(size));
      if (size < fs.getattr(open.inode()).size()) {
        fs.truncate(open.inode(), size);
      }
    }
  }

  /** {@code size} rounded up to 4 KiB clusters (what FileFsSizeInformation reports). */
  static long clusters(long size) {
    return size > Long.MAX_VALUE - 4095 ? size : (size + 4095) & ~4095L;
  }

  private static void disposition(Open open, boolean delete)
      throws SmbStatusException, IOException {
    if (!open.granted(AccessMask.DELETE)) {
      throw new StatusAccessDenied("no DELETE access");
    }
    writable(open);
    FileNode node = open.node();
    if (delete) {
      FileSystem fs = open.fs();
      Attributes a = fs.getattr(open.inode());
      if (open.path().isEmpty()) {
        throw new StatusCannotDelete("share root");
      }
      if (a.dosAttributes().contains(DosAttribute.READONLY)) {
        throw new StatusCannotDelete("read-only");
      }
      if (a.isDirectory()) {
        DirectoryPage page = fs.readdir(open.inode(), 0, 0, 1);
        if (!page.entries().isEmpty()) {
          throw new StatusDirectoryNotEmpty(open.path());
        }
      }
    }
    node.deletePending(delete);
    if (!delete) {
      open.deleteOnClose(false);
    }
  }

  private void rename(Smb2Request req, Open open, SmbReader r, int off, int n, boolean link)
      throws SmbStatusException, IOException {
    need(n, 20);
    boolean replace = r.u8(off) != 0;
    long root = r.u64(off + 8);
    long nameLen = r.u32(off + 16) & 0xffff_ffffL;
    if (root != 0) {
      throw new StatusInvalidParameter("RootDirectory must be 0");
    }
    if (nameLen > n - 20) {
      throw new StatusInvalidParameter("FileNameLength beyond the buffer");
    }
    String target = r.utf16(off + 20, (int) nameLen);
    if (target.startsWith("\\")) {
      target = target.substring(1);
    }
    if (!link && !open.granted(AccessMask.DELETE)) {
      throw new StatusAccessDenied("rename needs DELETE access");
    }
    writable(open);
    if (open.path().indexOf(':') >= 0 || target.startsWith(":")) {
      throw new StatusNotSupported("renaming streams is not supported");
    }
    if (open.path().isEmpty()) {
      throw new StatusAccessDenied("the share root cannot be renamed");
    }
    List<String> parts = PathResolver.components(target);
    if (parts.isEmpty()) {
      throw new StatusInvalidParameter("empty target name");
    }
    FileSystem fs = open.fs();
    long dir = fs.rootInode();
    for (int i = 0; i < parts.size() - 1; i++) {
      Attributes d;
      try {
        d = fs.lookupIgnoringCase(dir, parts.get(i));
      } catch (NoSuchEntryException e) {
        throw new StatusObjectPathNotFound(parts.get(i));
      }
      if (!d.isDirectory()) {
        throw new StatusObjectPathNotFound(parts.get(i));
      }
      dir = d.inode();
    }
    String newName = parts.get(parts.size() - 1);
    Attributes dirAttrs = fs.getattr(dir);
    if (!FileAccess.canAddTo(req.session().caller(), fs, dirAttrs, open.directory(), open.tree())) {
      throw new StatusAccessDenied("cannot add to the target directory");
    }
    FileNode node = open.node();
    Attributes existing;
    try {
      existing = fs.lookupIgnoringCase(dir, newName);
    } catch (NoSuchEntryException e) {
      existing = null;
    }
    boolean sameObject = existing != null && existing.inode() == open.inode();
    if (existing != null && !sameObject) {
      if (!replace) {
        throw new StatusObjectNameCollision(newName + " exists");
      }
      if (existing.isDirectory()) {
        throw new StatusAccessDenied("cannot replace a directory");
      }
      if (req.server().openFiles().find(new FileKey(fs.guid(), existing.inode())) != null) {
        throw new StatusAccessDenied(newName + " is open");
      }
    }
    String newPath = String.join("\\", parts);
    if (link) {
      if (open.directory()) {
        throw new StatusInvalidParameter("directories cannot be linked");
      }
      if (existing != null) {
        if (sameObject) {
          return;
        }
        fs.unlink(dir, newName);
      }
      fs.link(open.inode(), dir, newName);
      notifications.changed(
          open.tree(),
          dir,
          ChangeNotifications.ACTION_ADDED,
          Closer.parentPath(newPath),
          newName,
          false);
      return;
    }
    OpenFiles files = req.server().openFiles();
    // A rename acts on the source directory as an open asking DELETE access and sharing read and
    // write would ([MS-FSA] 2.1.5.14.11 as Windows behaves, smbtorture smb2.rename): it meets a
    // SHARING_VIOLATION from an open of that directory with DELETE access or without
    // FILE_SHARE_DELETE.
    if (files.wouldConflict(
        new FileKey(fs.guid(), node.parentInode()),
        AccessMask.DELETE,
        OpenFiles.SHARE_READ | OpenFiles.SHARE_WRITE)) {
      throw new StatusSharingViolation("the directory holding " + node.name() + " is open");
    }
    if (open.directory() && files.hasOpenBelow(fs.guid(), open.path())) {
      // Windows refuses to rename a directory with open files below it.
      throw new StatusAccessDenied(open.path() + " has open files below it");
    }
    String oldPath = open.path();
    fs.rename(node.parentInode(), node.name(), dir, newName);
    node.moved(dir, newName);
    for (Open o : req.server().openFiles().opensOf(node)) {
      o.path(newPath);
    }
    notifications.changed(
        open.tree(),
        0,
        ChangeNotifications.ACTION_RENAMED_OLD,
        Closer.parentPath(oldPath),
        leaf(oldPath),
        open.directory());
    notifications.changed(
        open.tree(),
        dir,
        ChangeNotifications.ACTION_RENAMED_NEW,
        Closer.parentPath(newPath),
        newName,
        open.directory());
  }
}
