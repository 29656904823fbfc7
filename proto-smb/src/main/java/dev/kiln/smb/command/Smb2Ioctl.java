package dev.kiln.smb.command;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.DosAttribute;
import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.FsFeature;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.api.fs.WriteStability;
import dev.kiln.smb.crypto.SmbDialect;
import dev.kiln.smb.protocol.AccessMask;
import dev.kiln.smb.protocol.NtStatus;
import dev.kiln.smb.protocol.SmbReader;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.SmbWriter;
import dev.kiln.smb.protocol.StatusAccessDenied;
import dev.kiln.smb.protocol.StatusBufferTooSmall;
import dev.kiln.smb.protocol.StatusFsDriverRequired;
import dev.kiln.smb.protocol.StatusInvalidDeviceRequest;
import dev.kiln.smb.protocol.StatusInvalidParameter;
import dev.kiln.smb.protocol.StatusMediaWriteProtected;
import dev.kiln.smb.protocol.StatusNotAReparsePoint;
import dev.kiln.smb.protocol.StatusNotSupported;
import dev.kiln.smb.share.SnapshotEntry;
import dev.kiln.smb.state.ConnectionState;
import dev.kiln.smb.state.Open;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * IOCTL ([MS-SMB2] 2.2.31, 2.2.32, 3.3.5.15): VALIDATE_NEGOTIATE_INFO, PIPE_TRANSCEIVE,
 * SRV_ENUMERATE_SNAPSHOTS and the [MS-FSCC] 2.3 controls for sparse files, zeroing and allocated
 * ranges, server-side copy ({@link ServerSideCopy}), network interfaces ({@link
 * NetworkInterfaces}). DFS and resiliency are refused as the specification says for servers without
 * them.
 */
final class Smb2Ioctl implements Smb2Handler {

  static final int FSCTL_DFS_GET_REFERRALS = 0x00060194;
  static final int FSCTL_DFS_GET_REFERRALS_EX = 0x000601B0;
  static final int FSCTL_PIPE_TRANSCEIVE = 0x0011C017;
  static final int FSCTL_VALIDATE_NEGOTIATE_INFO = 0x00140204;
  static final int FSCTL_SRV_ENUMERATE_SNAPSHOTS = 0x00144064;
  static final int FSCTL_SET_SPARSE = 0x000900C4;
  static final int FSCTL_SET_ZERO_DATA = 0x000980C8;
  static final int FSCTL_QUERY_ALLOCATED_RANGES = 0x000940CF;
  static final int FSCTL_GET_REPARSE_POINT = 0x000900A8;
  static final int FSCTL_GET_COMPRESSION = 0x0009003C;
  static final int FSCTL_SET_COMPRESSION = 0x0009C040;
  static final int FSCTL_CREATE_OR_GET_OBJECT_ID = 0x000900C0;
  static final int FSCTL_QUERY_NETWORK_INTERFACE_INFO = 0x001401FC;
  static final int FSCTL_SRV_REQUEST_RESUME_KEY = 0x00140078;
  static final int FSCTL_SRV_COPYCHUNK = 0x001440F2;
  static final int FSCTL_SRV_COPYCHUNK_WRITE = 0x001480F2;
  static final int FSCTL_LMR_REQUEST_RESILIENCY = 0x001401D4;
  private static final int IS_FSCTL = 0x1;

  @Override
  public void handle(Smb2Request req, Smb2Response resp) throws SmbStatusException, IOException {
    SmbReader r = req.r();
    r.expectBody(57);
    int ctl = r.u32(68);
    int inOff = r.u32(88);
    long inCount = r.u32(92) & 0xffff_ffffL;
    long maxOut = r.u32(108) & 0xffff_ffffL;
    int flags = r.u32(112);
    if (flags != IS_FSCTL) {
      throw new StatusNotSupported("IOCTL without SMB2_0_IOCTL_IS_FSCTL");
    }
    ConnectionState conn = req.conn();
    if (inCount > conn.maxIo() || maxOut > conn.maxIo()) {
      throw new StatusInvalidParameter("IOCTL buffers beyond MaxTransactSize");
    }
    req.checkCharge(Math.max(inCount, maxOut));
    r.checkRange(inOff, inCount, 120);
    SmbWriter out = new SmbWriter(64);
    long fileIdP = r.u64(72);
    long fileIdV = r.u64(80);
    switch (ctl) {
      case FSCTL_VALIDATE_NEGOTIATE_INFO -> {
        if (!validate(req, r, inOff, (int) inCount)) {
          // 3.3.5.15.12: a mismatch means tampering; the connection is dropped.
          req.sender().close();
          resp.none();
          return;
        }
        if (maxOut < 24) {
          throw new StatusInvalidParameter("MaxOutputResponse < 24");
        }
        out.u32(conn.serverCapabilities())
            .bytes(req.server().serverGuid())
            .u16(conn.serverSecurityMode())
            .u16(conn.dialect().revision());
      }
      case FSCTL_PIPE_TRANSCEIVE -> {
        Open open = req.open(72);
        if (open.pipe() == null) {
          throw new StatusInvalidDeviceRequest("not a pipe");
        }
        open.pipe().write(r.bytes(inOff, (int) inCount));
        out.bytes(open.pipe().read((int) maxOut));
        if (open.pipe().available() > 0) {
          resp.status(NtStatus.BUFFER_OVERFLOW);
        }
      }
      case FSCTL_DFS_GET_REFERRALS, FSCTL_DFS_GET_REFERRALS_EX ->
          throw new StatusFsDriverRequired("no DFS namespace");
      case FSCTL_SRV_REQUEST_RESUME_KEY -> ServerSideCopy.resumeKey(req, req.open(72), maxOut, out);
      case FSCTL_SRV_COPYCHUNK, FSCTL_SRV_COPYCHUNK_WRITE ->
          ServerSideCopy.copy(
              req,
              resp,
              req.open(72),
              ctl == FSCTL_SRV_COPYCHUNK_WRITE,
              r,
              inOff,
              inCount,
              maxOut,
              out);
      case FSCTL_QUERY_NETWORK_INTERFACE_INFO -> {
        if (!conn.dialect().isSmb3()) {
          // 3.3.5.15.11: an SMB 3.x control.
          throw new StatusNotSupported("network interfaces before SMB 3.0");
        }
        if (fileIdP != -1 || fileIdV != -1 || inCount != 0) {
          // 3.2.4.20.10: sent with the FileId { -1, -1 } and no input, as Samba insists.
          throw new StatusInvalidParameter("network interface query with a file or input");
        }
        NetworkInterfaces.write(out, NetworkInterfaces.of(conn.localAddress()));
      }
      case FSCTL_LMR_REQUEST_RESILIENCY ->
          throw new StatusNotSupported("FSCTL " + Integer.toHexString(ctl));
      default -> fileControl(req, resp, ctl, r, inOff, (int) inCount, maxOut, out);
    }
    if (out.position() > maxOut) {
      throw new StatusBufferTooSmall("output of " + out.position() + " bytes");
    }
    SmbWriter w = resp.w();
    w.u16(49).u16(0).u32(ctl).u64(fileIdP).u64(fileIdV);
    w.u32(112).u32(0).u32(112).u32(out.position()).u32(0).u32(0);
    w.bytes(out.array(), 0, out.position());
  }

  private static boolean validate(Smb2Request req, SmbReader r, int off, int len)
      throws SmbStatusException {
    ConnectionState conn = req.conn();
    if (len < 24) {
      throw new StatusInvalidParameter("VALIDATE_NEGOTIATE_INFO input");
    }
    int caps = r.u32(off);
    byte[] guid = r.bytes(off + 4, 16);
    int secMode = r.u16(off + 20);
    int count = r.u16(off + 22);
    if (len < 24 + 2 * count) {
      throw new StatusInvalidParameter("VALIDATE_NEGOTIATE_INFO dialects");
    }
    List<Integer> dialects = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      dialects.add(r.u16(off + 24 + 2 * i));
    }
    if (conn.dialect() == SmbDialect.SMB_3_1_1) {
      // 3.1.1 clients rely on preauth integrity; the request itself is still answered.
      return true;
    }
    return caps == conn.clientCapabilities()
        && java.util.Arrays.equals(guid, conn.clientGuid())
        && secMode == conn.clientSecurityMode()
        && dialects.equals(conn.clientDialects());
  }

  private static void fileControl(
      Smb2Request req,
      Smb2Response resp,
      int ctl,
      SmbReader r,
      int inOff,
      int inCount,
      long maxOut,
      SmbWriter out)
      throws SmbStatusException, IOException {
    Open open = req.open(72);
    FileSystem fs = open.fs();
    if (fs == null) {
      throw new StatusInvalidDeviceRequest("FSCTL on a pipe");
    }
    switch (ctl) {
      case FSCTL_SRV_ENUMERATE_SNAPSHOTS -> snapshots(req, open, maxOut, out);
      case FSCTL_GET_REPARSE_POINT -> throw new StatusNotAReparsePoint(open.path());
      case FSCTL_GET_COMPRESSION -> out.u16(0);
      case FSCTL_SET_COMPRESSION -> {
        if (inCount < 2) {
          throw new StatusInvalidParameter("SET_COMPRESSION input");
        }
        if (r.u16(inOff) != 0) {
          throw new StatusNotSupported("compression");
        }
      }
      case FSCTL_CREATE_OR_GET_OBJECT_ID -> {
        Attributes a = fs.getattr(open.inode());
        out.u64(a.inode()).u64(fs.guid()).zeros(48);
      }
      case FSCTL_SET_SPARSE -> {
        if (open.directory()) {
          // Only files are sparse: Windows 2008 and 2012 refuse a directory (sparse_dir_flag).
          throw new StatusInvalidParameter("SET_SPARSE on a directory");
        }
        writable(
            open, AccessMask.WRITE_DATA | AccessMask.WRITE_ATTRIBUTES | AccessMask.APPEND_DATA);
        boolean sparse = inCount == 0 || r.u8(inOff) != 0;
        Attributes a = fs.getattr(open.inode());
        Set<DosAttribute> dos = EnumSet.noneOf(DosAttribute.class);
        dos.addAll(a.dosAttributes());
        if (sparse) {
          dos.add(DosAttribute.SPARSE);
        } else {
          dos.remove(DosAttribute.SPARSE);
        }
        fs.setattr(open.inode(), SetAttributes.none().withDosAttributes(dos));
      }
      case FSCTL_SET_ZERO_DATA -> {
        writable(open, AccessMask.WRITE_DATA);
        if (inCount < 16) {
          throw new StatusInvalidParameter("SET_ZERO_DATA input");
        }
        long from = r.u64(inOff);
        long beyond = r.u64(inOff + 8);
        if (from < 0 || beyond < 0 || from > beyond) {
          throw new StatusInvalidParameter("zero range");
        }
        // Zeroing is a write: another handle's byte-range lock on the range refuses it.
        req.server().openFiles().checkIo(open, from, beyond - from, true);
        zero(fs, open.inode(), from, beyond);
      }
      case FSCTL_QUERY_ALLOCATED_RANGES -> {
        if (!open.granted(AccessMask.READ_DATA)) {
          throw new StatusAccessDenied("no read access");
        }
        if (inCount < 16) {
          throw new StatusInvalidParameter("QUERY_ALLOCATED_RANGES input");
        }
        long from = r.u64(inOff);
        long len = r.u64(inOff + 8);
        if (from < 0 || len < 0) {
          throw new StatusInvalidParameter("range");
        }
        // The engine has no hole map: the whole data range is reported allocated, which
        // [MS-FSCC] 2.3.52 permits (sparse regions may be reported as allocated).
        long size = fs.getattr(open.inode()).size();
        long end = Math.min(size, from + len < 0 ? Long.MAX_VALUE : from + len);
        if (end > from) {
          if (maxOut < 16) {
            throw new StatusBufferTooSmall("no room for one range");
          }
          out.u64(from).u64(end - from);
        }
      }
      default -> throw new StatusInvalidDeviceRequest("FSCTL " + Integer.toHexString(ctl));
    }
  }

  private static void writable(Open open, int access) throws SmbStatusException {
    if (open.fs().readOnly()) {
      throw new StatusMediaWriteProtected("snapshot");
    }
    if (!open.grantedAny(access)) {
      throw new StatusAccessDenied("no write access");
    }
  }

  private static void zero(FileSystem fs, long inode, long from, long beyond) throws IOException {
    long size = fs.getattr(inode).size();
    long end = Math.min(beyond, size);
    if (end <= from) {
      return;
    }
    if (fs.features().contains(FsFeature.PUNCH_HOLE)) {
      fs.punchHole(inode, from, end - from);
      return;
    }
    ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(1 << 20, end - from));
    for (long p = from; p < end; ) {
      int n = (int) Math.min(zeros.capacity(), end - p);
      zeros.clear().limit(n);
      fs.write(inode, p, zeros, WriteStability.UNSTABLE);
      p += n;
    }
  }

  private static void snapshots(Smb2Request req, Open open, long maxOut, SmbWriter out)
      throws SmbStatusException, IOException {
    if (maxOut < 16) {
      throw new StatusInvalidParameter("MaxOutputResponse < 16");
    }
    List<SnapshotEntry> list =
        new ArrayList<>(req.server().shares().snapshots(open.tree().share()));
    list.sort(Comparator.comparing(SnapshotEntry::creation).reversed());
    SmbWriter names = new SmbWriter(64);
    for (SnapshotEntry s : list) {
      names.utf16(PathResolver.GMT.format(s.creation()));
      names.u16(0);
    }
    names.u16(0);
    int arraySize = names.position();
    boolean fits = 12 + arraySize <= maxOut;
    out.u32(list.size()).u32(fits ? list.size() : 0).u32(arraySize);
    if (fits) {
      out.bytes(names.array(), 0, arraySize);
    } else {
      out.u32(0);
    }
  }
}
