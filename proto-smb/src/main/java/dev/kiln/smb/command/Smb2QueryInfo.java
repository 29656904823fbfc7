package dev.kiln.smb.command;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.CaseSensitivity;
import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.FsFeature;
import dev.kiln.engine.api.fs.FsStat;
import dev.kiln.engine.api.fs.StreamInfo;
import dev.kiln.smb.fscc.ExtendedAttributes;
import dev.kiln.smb.fscc.FileAttributes;
import dev.kiln.smb.fscc.InfoClass;
import dev.kiln.smb.fscc.ShortNames;
import dev.kiln.smb.protocol.AccessMask;
import dev.kiln.smb.protocol.FileTime;
import dev.kiln.smb.protocol.NtStatus;
import dev.kiln.smb.protocol.SmbReader;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.SmbWriter;
import dev.kiln.smb.protocol.StatusAccessDenied;
import dev.kiln.smb.protocol.StatusBufferTooSmall;
import dev.kiln.smb.protocol.StatusInfoLengthMismatch;
import dev.kiln.smb.protocol.StatusInvalidInfoClass;
import dev.kiln.smb.protocol.StatusInvalidParameter;
import dev.kiln.smb.protocol.StatusNoEasOnFile;
import dev.kiln.smb.protocol.StatusNotSupported;
import dev.kiln.smb.security.SecurityDescriptors;
import dev.kiln.smb.security.SecurityInformation;
import dev.kiln.smb.state.FileNode;
import dev.kiln.smb.state.Open;
import dev.kiln.smb.state.OpenFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * QUERY_INFO ([MS-SMB2] 2.2.37, 2.2.38, 3.3.5.20): file classes ([MS-FSCC] 2.4) and file system
 * classes ([MS-FSCC] 2.5). Security descriptors are refused with STATUS_NOT_SUPPORTED until the
 * security package maps ACLs; quotas are not supported.
 */
final class Smb2QueryInfo implements Smb2Handler {

  static final int INFO_FILE = 1;
  static final int INFO_FILESYSTEM = 2;
  static final int INFO_SECURITY = 3;
  static final int INFO_QUOTA = 4;
  private static final int SECTOR = 512;
  private static final int CLUSTER = 4096;
  private static final int RETURN_SINGLE_ENTRY = 0x2;

  @Override
  public void handle(Smb2Request req, Smb2Response resp) throws SmbStatusException, IOException {
    SmbReader r = req.r();
    r.expectBody(41);
    int type = r.u8(66);
    int infoClass = r.u8(67);
    long outLen = r.u32(68) & 0xffff_ffffL;
    int inOff = r.u16(72);
    long inLen = r.u32(76) & 0xffff_ffffL;
    Open open = req.open(88);
    r.checkRange(inOff, inLen, 104);
    if (outLen > req.conn().maxIo()) {
      throw new StatusInvalidParameter("OutputBufferLength " + outLen);
    }
    req.checkCharge(Math.max(outLen, inLen));
    if (type == INFO_FILE && infoClass == InfoClass.FILE_FULL_EA && open.pipe() == null) {
      fullEa(open, r, inOff, (int) inLen, r.u32(84), outLen, resp);
      return;
    }
    SmbWriter data = new SmbWriter(128);
    boolean variable;
    switch (type) {
      case INFO_FILE -> variable = file(req.server().openFiles(), open, infoClass, data);
      case INFO_FILESYSTEM -> variable = filesystem(req, open, infoClass, data);
      case INFO_SECURITY -> {
        security(open, r.u32(80), data);
        variable = false;
      }
      case INFO_QUOTA -> throw new StatusNotSupported("quotas are not supported");
      default -> throw new StatusInvalidParameter("InfoType " + type);
    }
    int n = data.position();
    if (n > outLen && type == INFO_SECURITY) {
      // 3.3.5.20.3: the error data is the length the client must ask for.
      resp.errorData(new SmbWriter(4).u32(n).toByteArray());
      throw new StatusBufferTooSmall("descriptor of " + n + " bytes");
    }
    if (type == INFO_FILESYSTEM && outLen < fixedPart(type, infoClass, n)) {
      // A file system class needs its fixed size even when the answer is shorter (a volume label
      // of one or two characters), as Windows answers ([MS-FSCC] 2.5.9: 24 bytes).
      throw new StatusInfoLengthMismatch(outLen + " bytes given for a fixed part");
    }
    if (n > outLen) {
      if (outLen < Math.min(n, fixedPart(type, infoClass, n))) {
        throw new StatusInfoLengthMismatch(n + " bytes needed, " + outLen + " given");
      }
      n = (int) outLen;
      resp.status(NtStatus.BUFFER_OVERFLOW);
    }
    resp.w().u16(9).u16(72).u32(n).bytes(data.array(), 0, n);
    if (n == 0) {
      resp.w().u8(0);
    }
  }

  /**
   * FileFullEaInformation ([MS-SMB2] 3.3.5.20.1, [MS-FSCC] 2.4.15): the EAs named in the input
   * FILE_GET_EA_INFORMATION list (an absent one with an empty value), or all of them; as many whole
   * entries as fit (STATUS_BUFFER_OVERFLOW if not all did, STATUS_BUFFER_TOO_SMALL if none did).
   * Every query restarts the scan; SL_RETURN_SINGLE_ENTRY returns the first only.
   */
  private static void fullEa(
      Open open, SmbReader r, int inOff, int inLen, int flags, long outLen, Smb2Response resp)
      throws SmbStatusException, IOException {
    if (!open.granted(AccessMask.READ_EA)) {
      throw new StatusAccessDenied("no FILE_READ_EA");
    }
    long inode = open.path().indexOf(':') >= 0 ? open.node().parentInode() : open.inode();
    List<ExtendedAttributes.Ea> all = ExtendedAttributes.read(open.fs(), inode);
    List<ExtendedAttributes.Ea> eas = all;
    if (inLen > 0) {
      eas = new ArrayList<>();
      for (String name : ExtendedAttributes.parseNames(r.array(), r.base() + inOff, inLen)) {
        ExtendedAttributes.Ea found = new ExtendedAttributes.Ea(0, name, new byte[0]);
        for (ExtendedAttributes.Ea ea : all) {
          if (ea.name().equals(name)) {
            found = ea;
          }
        }
        eas.add(found);
      }
    }
    if (eas.isEmpty()) {
      throw new StatusNoEasOnFile(open.path());
    }
    if ((flags & RETURN_SINGLE_ENTRY) != 0) {
      eas = eas.subList(0, 1);
    }
    SmbWriter data = new SmbWriter(128);
    int fit = ExtendedAttributes.encode(data, eas, outLen);
    if (fit == 0) {
      throw new StatusBufferTooSmall("the first EA needs more than " + outLen + " bytes");
    }
    if (fit < eas.size()) {
      resp.status(NtStatus.BUFFER_OVERFLOW);
    }
    int n = data.position();
    resp.w().u16(9).u16(72).u32(n).bytes(data.array(), 0, n);
  }

  /**
   * The security descriptor ([MS-SMB2] 3.3.5.20.3; [MS-DTYP] 2.4.6) from the engine ACL and owner;
   * a too small buffer gets STATUS_BUFFER_TOO_SMALL with the needed length.
   */
  private static void security(Open open, int additional, SmbWriter w)
      throws SmbStatusException, IOException {
    if (open.fs() == null) {
      throw new StatusNotSupported("pipes have no security descriptor");
    }
    if ((additional & SecurityInformation.SACL) != 0
        && !open.granted(AccessMask.ACCESS_SYSTEM_SECURITY)) {
      throw new StatusAccessDenied("SACL needs ACCESS_SYSTEM_SECURITY");
    }
    if (!open.granted(AccessMask.READ_CONTROL)) {
      throw new StatusAccessDenied("no READ_CONTROL");
    }
    long inode = open.path().indexOf(':') >= 0 ? open.node().parentInode() : open.inode();
    Attributes a = open.fs().getattr(inode);
    w.bytes(
        SecurityDescriptors.encode(
            open.fs().getAcl(inode), Ownership.owner(a), Ownership.group(a), additional));
  }

  /**
   * The fixed part of a class: a buffer below it gets STATUS_INFO_LENGTH_MISMATCH, one above it but
   * below the data gets the truncated data with STATUS_BUFFER_OVERFLOW ([MS-SMB2] 3.3.5.20.1).
   * Classes without a variable part have their full size.
   */
  private static int fixedPart(int type, int infoClass, int full) {
    if (type == INFO_FILE) {
      return switch (infoClass) {
        case InfoClass.FILE_ALL -> 104;
        case InfoClass.FILE_STREAM -> 32;
        case InfoClass.FILE_ALTERNATE_NAME -> 8;
        case InfoClass.FILE_NORMALIZED_NAME -> 8;
        default -> full;
      };
    }
    return switch (infoClass) {
      case InfoClass.FS_VOLUME -> 24;
      case InfoClass.FS_ATTRIBUTE -> 16;
      default -> full;
    };
  }

  private static boolean file(OpenFiles files, Open open, int infoClass, SmbWriter w)
      throws SmbStatusException, IOException {
    if (open.pipe() != null) {
      return pipe(infoClass, w);
    }
    FileSystem fs = open.fs();
    Attributes a = files.effective(open.node().key(), fs.getattr(open.inode()));
    Attributes owner = open.path().indexOf(':') < 0 ? a : ownerOf(open, a);
    boolean attributeClass =
        infoClass == InfoClass.FILE_BASIC
            || infoClass == InfoClass.FILE_ALL
            || infoClass == InfoClass.FILE_NETWORK_OPEN
            || infoClass == InfoClass.FILE_ATTRIBUTE_TAG;
    if (attributeClass && !open.granted(AccessMask.READ_ATTRIBUTES)) {
      throw new StatusAccessDenied("no READ_ATTRIBUTES");
    }
    switch (infoClass) {
      case InfoClass.FILE_BASIC -> basic(w, owner);
      case InfoClass.FILE_STANDARD -> standard(w, open, a);
      case InfoClass.FILE_INTERNAL -> w.u64(owner.inode());
      case InfoClass.FILE_EA -> w.u32(eaSize(open));
      case InfoClass.FILE_ACCESS -> w.u32(open.access());
      case InfoClass.FILE_POSITION -> w.u64(open.position());
      case InfoClass.FILE_MODE -> w.u32(open.mode());
      case InfoClass.FILE_ALIGNMENT -> w.u32(0);
      case InfoClass.FILE_ALL -> {
        basic(w, owner);
        standard(w, open, a);
        // EaSize 0 as in directory listings, which would need an xattr scan per entry to say
        // more (smbtorture smb2.dir.one compares the two); FileEaInformation has the real size.
        w.u64(owner.inode()).u32(0).u32(open.access()).u64(open.position()).u32(open.mode());
        w.u32(0);
        int lenAt = w.position();
        w.u32(0);
        w.set32(lenAt, w.utf16("\\" + open.path()));
        return true;
      }
      case InfoClass.FILE_ALTERNATE_NAME -> {
        String path = open.path();
        String leaf = path.substring(path.lastIndexOf('\\') + 1);
        int lenAt = w.position();
        w.u32(0);
        w.set32(lenAt, w.utf16(leaf.isEmpty() ? "" : ShortNames.of(leaf)));
      }
      case InfoClass.FILE_STREAM -> {
        streams(w, fs, owner);
        return true;
      }
      case InfoClass.FILE_COMPRESSION -> w.u64(a.size()).u16(0).u8(0).u8(0).u8(0).zeros(3);
      case InfoClass.FILE_NETWORK_OPEN -> {
        Smb2Close.writeTimesAndSizes(w, a, owner == a ? null : owner);
        w.u32(0);
      }
      case InfoClass.FILE_ATTRIBUTE_TAG -> w.u32(FileAttributes.of(owner)).u32(0);
      case InfoClass.FILE_NORMALIZED_NAME -> {
        int lenAt = w.position();
        w.u32(0);
        w.set32(lenAt, w.utf16(open.path()));
        return true;
      }
      case InfoClass.FILE_ID -> w.u64(fs.guid()).u64(owner.inode()).u64(0);
      default -> throw new StatusInvalidInfoClass("file class " + infoClass);
    }
    return false;
  }

  /** The EaSize of FileEaInformation ([MS-FSCC] 2.4.13) of the open's file. */
  private static int eaSize(Open open) throws IOException {
    long inode = open.path().indexOf(':') >= 0 ? open.node().parentInode() : open.inode();
    return ExtendedAttributes.size(ExtendedAttributes.read(open.fs(), inode));
  }

  private static boolean pipe(int infoClass, SmbWriter w) throws SmbStatusException {
    switch (infoClass) {
      case InfoClass.FILE_STANDARD -> w.u64(4096).u64(0).u32(1).u8(1).u8(0).u16(0);
      default -> throw new StatusInvalidInfoClass("pipe class " + infoClass);
    }
    return false;
  }

  /** The file a stream open belongs to (the open's own attributes otherwise). */
  static Attributes ownerOf(Open open, Attributes a) throws IOException {
    if (open.path().indexOf(':') < 0) {
      return a;
    }
    return open.fs().getattr(open.node().parentInode());
  }

  static void basic(SmbWriter w, Attributes a) {
    w.u64(FileTime.of(a.birthtime()))
        .u64(FileTime.of(a.atime()))
        .u64(FileTime.of(a.mtime()))
        .u64(FileTime.of(a.ctime()));
    w.u32(FileAttributes.of(a)).u32(0);
  }

  private static void standard(SmbWriter w, Open open, Attributes a) {
    FileNode node = open.node();
    boolean pending = node != null && (node.deletePending() || open.deleteOnClose());
    w.u64(Smb2Close.allocation(a)).u64(a.isDirectory() ? 0 : a.size());
    // A name whose delete is pending no longer counts as a link.
    int links = Math.max(1, a.nlink()) - (pending ? 1 : 0);
    w.u32(links).u8(pending ? 1 : 0).u8(a.isDirectory() ? 1 : 0).u16(0);
  }

  private static void streams(SmbWriter w, FileSystem fs, Attributes a) throws IOException {
    int prev = -1;
    if (!a.isDirectory()) {
      prev = stream(w, prev, "::$DATA", a.size(), Smb2Close.allocation(a));
    }
    if (fs.features().contains(FsFeature.NAMED_STREAMS)) {
      List<StreamInfo> list = fs.listStreams(a.inode());
      for (StreamInfo s : list) {
        prev =
            stream(
                w, prev, ":" + s.name() + ":$DATA", s.size(), (s.allocatedSize() + 4095) & ~4095L);
      }
    }
  }

  private static int stream(SmbWriter w, int prev, String name, long size, long alloc) {
    if (prev >= 0) {
      w.align(8);
      w.set32(prev, w.position() - prev);
    }
    int at = w.position();
    w.u32(0);
    int lenAt = w.position();
    w.u32(0).u64(size).u64(alloc);
    w.set32(lenAt, w.utf16(name));
    return at;
  }

  private static boolean filesystem(Smb2Request req, Open open, int infoClass, SmbWriter w)
      throws SmbStatusException, IOException {
    FileSystem fs = open.fs();
    if (fs == null) {
      throw new StatusInvalidParameter("file system information of a pipe");
    }
    switch (infoClass) {
      case InfoClass.FS_VOLUME -> {
        String label = open.tree().share().name();
        w.u64(FileTime.of(req.server().started())).u32((int) fs.guid());
        int lenAt = w.position();
        w.u32(0).u8(0).u8(0);
        w.set32(lenAt, w.utf16(label));
        return true;
      }
      case InfoClass.FS_SIZE -> {
        FsStat s = fs.statfs();
        w.u64(s.totalBytes() / CLUSTER).u64(s.availableBytes() / CLUSTER);
        w.u32(CLUSTER / SECTOR).u32(SECTOR);
      }
      case InfoClass.FS_FULL_SIZE -> {
        FsStat s = fs.statfs();
        w.u64(s.totalBytes() / CLUSTER)
            .u64(s.availableBytes() / CLUSTER)
            .u64(s.freeBytes() / CLUSTER);
        w.u32(CLUSTER / SECTOR).u32(SECTOR);
      }
      case InfoClass.FS_DEVICE -> w.u32(0x7).u32(0x20);
      case InfoClass.FS_ATTRIBUTE -> {
        // CASE_SENSITIVE_SEARCH (only on a case-sensitive dataset, ADR 012) | CASE_PRESERVED_NAMES
        // | UNICODE_ON_DISK | SPARSE_FILES
        int attrs = 0x2 | 0x4 | 0x40;
        if (fs.caseSensitivity() == CaseSensitivity.SENSITIVE) {
          attrs |= 0x1;
        }
        if (fs.features().contains(FsFeature.NAMED_STREAMS)) {
          attrs |= 0x40000;
        }
        if (fs.readOnly()) {
          attrs |= 0x80000;
        }
        w.u32(attrs).u32(fs.limits().maxNameBytes());
        int lenAt = w.position();
        w.u32(0);
        w.set32(lenAt, w.utf16("NTFS"));
        return true;
      }
      case InfoClass.FS_OBJECT_ID -> w.u64(fs.guid()).u64(0).zeros(48);
      // FileFsControlInformation: no quotas, so no thresholds and unlimited defaults.
      case InfoClass.FS_CONTROL -> w.u64(0).u64(0).u64(0).u64(-1).u64(-1).u32(0).u32(0);
      case InfoClass.FS_SECTOR_SIZE ->
          w.u32(SECTOR).u32(CLUSTER).u32(CLUSTER).u32(CLUSTER).u32(0x3).u32(0).u32(0);
      default -> throw new StatusInvalidInfoClass("file system class " + infoClass);
    }
    return false;
  }
}
