package dev.kiln.smb.command;

import dev.kiln.engine.api.acl.Acl;
import dev.kiln.engine.api.acl.AclInheritance;
import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.DosAttribute;
import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.FsFeature;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.smb.fscc.ExtendedAttributes;
import dev.kiln.smb.fscc.FileAttributes;
import dev.kiln.smb.oplock.LeaseGrant;
import dev.kiln.smb.oplock.LeaseState;
import dev.kiln.smb.oplock.OplockLevel;
import dev.kiln.smb.oplock.OplockTable;
import dev.kiln.smb.protocol.AccessMask;
import dev.kiln.smb.protocol.FileTime;
import dev.kiln.smb.protocol.SmbReader;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.SmbWriter;
import dev.kiln.smb.protocol.StatusAccessDenied;
import dev.kiln.smb.protocol.StatusBadImpersonationLevel;
import dev.kiln.smb.protocol.StatusCannotDelete;
import dev.kiln.smb.protocol.StatusDeletePending;
import dev.kiln.smb.protocol.StatusFileIsADirectory;
import dev.kiln.smb.protocol.StatusInvalidParameter;
import dev.kiln.smb.protocol.StatusNotADirectory;
import dev.kiln.smb.protocol.StatusNotSupported;
import dev.kiln.smb.protocol.StatusObjectNameCollision;
import dev.kiln.smb.protocol.StatusObjectNameInvalid;
import dev.kiln.smb.protocol.StatusObjectNameNotFound;
import dev.kiln.smb.rpc.NamedPipe;
import dev.kiln.smb.security.InvalidSecurityDescriptorException;
import dev.kiln.smb.security.SecurityDescriptors;
import dev.kiln.smb.state.Caller;
import dev.kiln.smb.state.DurableHandles;
import dev.kiln.smb.state.FileKey;
import dev.kiln.smb.state.Open;
import dev.kiln.smb.state.Session;
import dev.kiln.smb.state.Tree;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * CREATE ([MS-SMB2] 2.2.13, 2.2.14, 3.3.5.9; [MS-FSA] 2.1.5.1): every disposition, files and
 * directories, named streams, delete-on-close, share modes, the MxAc, QFid and TWrp contexts;
 * oplocks (level II, exclusive, batch) and leases (RqLs v1/v2) through {@link OplockTable},
 * breaking conflicting ones first; durable handles v1/v2 with a batch oplock or a handle lease
 * (DHnQ, DH2Q) and their reconnects (DHnC, DH2C, {@link DurableReconnect}).
 */
final class Smb2Create implements Smb2Handler {

  static final int SUPERSEDE = 0;
  static final int OPEN = 1;
  static final int CREATE = 2;
  static final int OPEN_IF = 3;
  static final int OVERWRITE = 4;
  static final int OVERWRITE_IF = 5;
  static final int DIRECTORY_FILE = 0x1;
  static final int WRITE_THROUGH = 0x2;
  static final int NON_DIRECTORY_FILE = 0x40;
  static final int DELETE_ON_CLOSE = 0x1000;
  static final int OPEN_BY_FILE_ID = 0x2000;
  static final int RESERVE_OPFILTER = 0x100000;
  private static final int ACTION_SUPERSEDED = 0;
  private static final int ACTION_OPENED = 1;
  private static final int ACTION_CREATED = 2;
  private static final int ACTION_OVERWRITTEN = 3;
  private static final int RESERVED_ACCESS = 0x0CE0FE00;
  private static final int STAT_ACCESS =
      AccessMask.READ_ATTRIBUTES
          | AccessMask.WRITE_ATTRIBUTES
          | AccessMask.SYNCHRONIZE
          | AccessMask.READ_CONTROL;

  private final ChangeNotifications notifications;
  private final Closer closer;

  Smb2Create(ChangeNotifications notifications, Closer closer) {
    this.notifications = notifications;
    this.closer = closer;
  }

  @Override
  public void handle(Smb2Request req, Smb2Response resp) throws SmbStatusException, IOException {
    SmbReader r = req.r();
    r.expectBody(57);
    int requestedOplock = r.u8(67);
    int impersonation = r.u32(68);
    int desired = r.u32(88);
    int fileAttributes = r.u32(92);
    int shareAccess = r.u32(96);
    int disposition = r.u32(100);
    int options = r.u32(104);
    int nameOff = r.u16(108);
    int nameLen = r.u16(110);
    int ctxOff = r.u32(112);
    int ctxLen = r.u32(116);
    Map<String, CreateContexts.Context> ctx = CreateContexts.parse(r, ctxOff, ctxLen);
    DurableRequest durable = DurableRequest.parse(r, ctx, req.conn().dialect());
    if (durable != null && durable.reconnect()) {
      // [MS-SMB2] 3.3.5.9.7, 3.3.5.9.12: a reconnect ignores the other create parameters.
      DurableReconnect.reconnect(req, resp, durable, r.utf16(nameOff, nameLen), ctx);
      return;
    }
    if (impersonation < 0 || impersonation > 3) {
      throw new StatusBadImpersonationLevel("ImpersonationLevel " + impersonation);
    }
    if (disposition < 0 || disposition > OVERWRITE_IF) {
      throw new StatusInvalidParameter("CreateDisposition " + disposition);
    }
    if ((shareAccess & ~7) != 0) {
      throw new StatusInvalidParameter("ShareAccess " + shareAccess);
    }
    if ((fileAttributes & ~FileAttributes.VALID) != 0) {
      throw new StatusInvalidParameter("FileAttributes " + Integer.toHexString(fileAttributes));
    }
    if ((desired & RESERVED_ACCESS) != 0) {
      throw new StatusAccessDenied("reserved access bits");
    }
    if ((options & DIRECTORY_FILE) != 0 && (options & NON_DIRECTORY_FILE) != 0) {
      throw new StatusInvalidParameter("both DIRECTORY_FILE and NON_DIRECTORY_FILE");
    }
    if ((options & (OPEN_BY_FILE_ID | RESERVE_OPFILTER)) != 0) {
      throw new StatusNotSupported("CreateOptions " + Integer.toHexString(options));
    }
    if ((options & DIRECTORY_FILE) != 0
        && disposition != CREATE
        && disposition != OPEN
        && disposition != OPEN_IF) {
      throw new StatusInvalidParameter("directory with disposition " + disposition);
    }
    if (nameLen > 0 && nameOff < 120) {
      throw new StatusInvalidParameter("NameOffset inside the fixed body");
    }
    r.checkRange(nameOff, nameLen, 120);
    String name = r.utf16(nameOff, nameLen);
    int access = AccessMask.mapGeneric(desired);
    Tree tree = req.tree();
    Session session = req.session();
    if (tree.ipc()) {
      pipe(req, resp, name, access);
      return;
    }
    Instant timewarp = null;
    CreateContexts.Context twrp = ctx.get("TWrp");
    if (twrp != null) {
      if (twrp.dataLength() != 8) {
        throw new StatusInvalidParameter("TWrp data");
      }
      timewarp = FileTime.toInstant(r.u64(twrp.dataOffset()));
    }
    // [MS-SMB2] 2.2.13.2.1 SMB2_CREATE_EA_BUFFER: the EAs of a new or overwritten file.
    List<ExtendedAttributes.Ea> eas = List.of();
    CreateContexts.Context exta = ctx.get("ExtA");
    if (exta != null) {
      eas =
          ExtendedAttributes.parseFull(r.array(), r.base() + exta.dataOffset(), exta.dataLength());
    }
    // [MS-SMB2] 2.2.13.2.6 SMB2_CREATE_ALLOCATION_SIZE: the AllocationSize of a new or overwritten
    // file, 8 bytes.
    long allocationSize = 0;
    CreateContexts.Context alsi = ctx.get("AlSi");
    if (alsi != null) {
      if (alsi.dataLength() != 8) {
        throw new StatusInvalidParameter("AlSi data");
      }
      allocationSize = r.u64(alsi.dataOffset());
      if (allocationSize < 0) {
        throw new StatusInvalidParameter("AlSi " + allocationSize);
      }
    }
    // [MS-SMB2] 2.2.13.2.2 SMB2_CREATE_SD_BUFFER: the security descriptor of a new file, decoded
    // before anything is created so that a bad one creates nothing.
    SecurityDescriptors.Decoded sd = null;
    CreateContexts.Context secd = ctx.get("SecD");
    if (secd != null) {
      try {
        sd = SecurityDescriptors.decode(r.bytes(secd.dataOffset(), secd.dataLength()));
      } catch (InvalidSecurityDescriptorException e) {
        throw new StatusInvalidParameter("SecD: " + e.getMessage());
      }
    }
    ResolvedPath p = PathResolver.resolve(req, tree, name, timewarp);
    Caller caller = session.caller();
    FileSystem fs = p.fs();
    boolean writable = !tree.readOnly() && !p.snapshot();
    int action;
    Attributes attrs = p.attrs();
    boolean wantDir = (options & DIRECTORY_FILE) != 0;
    boolean deleteOnClose = (options & DELETE_ON_CLOSE) != 0;
    if (!p.stream().isEmpty() && wantDir) {
      throw new StatusNotADirectory("a stream is not a directory");
    }
    int maximal;
    if (attrs != null) {
      if (disposition == CREATE && p.stream().isEmpty()) {
        throw new StatusObjectNameCollision(name + " exists");
      }
      if (wantDir && !attrs.isDirectory()) {
        throw new StatusNotADirectory(name + " is not a directory");
      }
      if ((options & NON_DIRECTORY_FILE) != 0 && attrs.isDirectory() && p.stream().isEmpty()) {
        throw new StatusFileIsADirectory(name + " is a directory");
      }
      if (attrs.isDirectory()
          && p.stream().isEmpty()
          && (disposition == OVERWRITE
              || disposition == OVERWRITE_IF
              || disposition == SUPERSEDE)) {
        throw new StatusInvalidParameter("a directory cannot be overwritten");
      }
      Attributes parent = p.name().isEmpty() ? null : p.parentAttrs();
      maximal = FileAccess.maximal(caller, fs, attrs, parent, tree);
      if (!writable) {
        maximal &= Smb2TreeConnect.READ_ONLY_ACCESS;
      }
      if ((access & AccessMask.MAXIMUM_ALLOWED) != 0) {
        access = (access & ~AccessMask.MAXIMUM_ALLOWED) | maximal;
      }
      int needed = access & ~(AccessMask.SYNCHRONIZE | AccessMask.ACCESS_SYSTEM_SECURITY);
      if (disposition == OVERWRITE || disposition == OVERWRITE_IF || disposition == SUPERSEDE) {
        needed |= AccessMask.WRITE_DATA;
      }
      if ((needed & ~maximal) != 0) {
        if (attrs.dosAttributes().contains(DosAttribute.READONLY)
            && (needed & (AccessMask.WRITE_DATA | AccessMask.APPEND_DATA)) != 0) {
          throw new StatusAccessDenied(name + " is read-only");
        }
        throw new StatusAccessDenied(
            "access " + Integer.toHexString(needed) + " beyond " + Integer.toHexString(maximal));
      }
      if (deleteOnClose && attrs.dosAttributes().contains(DosAttribute.READONLY)) {
        throw new StatusCannotDelete(name + " is read-only");
      }
      action = ACTION_OPENED;
    } else {
      if (disposition == OPEN || disposition == OVERWRITE) {
        throw PathResolver.notFound(name);
      }
      if (!writable || !FileAccess.canAddTo(caller, fs, p.parentAttrs(), wantDir, tree)) {
        throw new StatusAccessDenied("cannot create in " + p.path());
      }
      if ((access & AccessMask.MAXIMUM_ALLOWED) != 0) {
        access = (access & ~AccessMask.MAXIMUM_ALLOWED) | AccessMask.ALL;
      }
      if (deleteOnClose && (fileAttributes & FileAttributes.READONLY) != 0) {
        throw new StatusCannotDelete("read-only file with delete-on-close");
      }
      SetAttributes initial =
          SetAttributes.none()
              .withOwner(caller.uid(), caller.gid())
              .withMode(wantDir ? 0755 : 0644)
              .withDosAttributes(
                  FileAttributes.dos(
                      (fileAttributes & FileAttributes.SETTABLE)
                          | (wantDir ? 0 : FileAttributes.ARCHIVE)));
      attrs =
          wantDir
              ? fs.mkdir(p.parent(), p.name(), initial)
              : fs.create(p.parent(), p.name(), initial);
      attrs = initialSecurity(fs, p.parentAttrs(), attrs, wantDir, sd, caller);
      action = ACTION_CREATED;
      maximal = AccessMask.ALL & tree.maximalAccess();
      notifications.changed(
          tree,
          p.parent(),
          ChangeNotifications.ACTION_ADDED,
          Closer.parentPath(p.path()),
          p.name(),
          wantDir);
    }
    if (deleteOnClose && (access & AccessMask.DELETE) == 0) {
      throw new StatusAccessDenied("delete-on-close without DELETE access");
    }
    if (deleteOnClose && attrs.isDirectory() && p.name().isEmpty()) {
      throw new StatusCannotDelete("the share root cannot be deleted");
    }
    Attributes fileAttrs = attrs;
    long inode = attrs.inode();
    String keyName = p.name();
    if (!p.stream().isEmpty()) {
      if (!fs.features().contains(FsFeature.NAMED_STREAMS)) {
        throw new StatusObjectNameInvalid("named streams are not supported here");
      }
      Attributes s;
      try {
        s = fs.lookupStream(attrs.inode(), p.stream());
        if (disposition == CREATE) {
          throw new StatusObjectNameCollision("stream exists");
        }
        if (action == ACTION_CREATED) {
          action = ACTION_CREATED;
        }
      } catch (dev.kiln.engine.api.error.NoSuchEntryException e) {
        if (disposition == OPEN || disposition == OVERWRITE) {
          throw PathResolver.notFound(name);
        }
        if (!writable) {
          throw new StatusAccessDenied("read-only");
        }
        s = fs.createStream(attrs.inode(), p.stream());
        action = ACTION_CREATED;
      }
      inode = s.inode();
      fileAttrs = s;
      keyName = p.name() + ":" + p.stream();
    }
    boolean directory = fileAttrs.isDirectory();
    int granted = access;
    long fileId = req.server().nextId();
    String path = p.path() + (p.stream().isEmpty() ? "" : ":" + p.stream());
    long parentOfKey = p.stream().isEmpty() ? p.parent() : attrs.inode();
    String nodeName = p.stream().isEmpty() ? keyName : "x:" + p.stream();
    long openInode = inode;
    FileKey fileKey = new FileKey(fs.guid(), inode);
    OplockTable oplocks = req.server().oplocks();
    boolean overwrite =
        action == ACTION_OPENED
            && (disposition == OVERWRITE
                || disposition == OVERWRITE_IF
                || disposition == SUPERSEDE);
    LeaseRequest lease =
        requestedOplock == OplockLevel.LEASE ? LeaseRequest.parse(r, ctx, req.conn()) : null;
    if (lease != null && fileAttrs.isDirectory()) {
      // Directories are not leased (no SMB2_GLOBAL_CAP_DIRECTORY_LEASING), but the key is checked.
      oplocks.checkLeaseKey(fileKey, lease.id());
      lease = null;
    }
    OplockTable.OpenIntent intent =
        new OplockTable.OpenIntent(
            access,
            overwrite,
            req.server().openFiles().wouldConflict(fileKey, access, shareAccess),
            lease == null ? null : lease.id(),
            deleteOnClose);
    dev.kiln.smb.state.FileNode pending = req.server().openFiles().find(fileKey);
    if (pending != null && pending.deletePending()) {
      // [MS-FSA] 2.1.5.1.2: a delete-pending file fails the open before any oplock break.
      throw new StatusDeletePending(name + " is pending deletion");
    }
    OplockWait wait = new OplockWait(this, req, closer, oplocks, fileKey);
    if (oplocks.breakForOpen(fileKey, intent, wait)) {
      // [MS-SMB2] 3.3.5.9: the open waits for the break; the interim response goes out meanwhile.
      wait.park(resp);
      return;
    }
    Open open =
        req.server()
            .openFiles()
            .attach(
                fileKey,
                parentOfKey,
                nodeName,
                granted,
                shareAccess,
                node ->
                    new Open(
                        fileId,
                        session,
                        tree,
                        fs,
                        openInode,
                        node,
                        directory,
                        granted,
                        shareAccess,
                        options,
                        path));
    int oplock;
    DurableHandles.Grant durableGrant = null;
    LeaseGrant leaseGrant = null;
    try {
      if (action == ACTION_OPENED
          && (disposition == OVERWRITE
              || disposition == OVERWRITE_IF
              || disposition == SUPERSEDE)) {
        fileAttrs =
            fs.setattr(
                inode,
                SetAttributes.none()
                    .withSize(0)
                    .withDosAttributes(
                        FileAttributes.dos(
                            (fileAttributes & FileAttributes.SETTABLE) | FileAttributes.ARCHIVE)));
        action = disposition == SUPERSEDE ? ACTION_SUPERSEDED : ACTION_OVERWRITTEN;
      }
      open.deleteOnClose(deleteOnClose);
      if (!eas.isEmpty() && action != ACTION_OPENED) {
        // The EAs belong to the file, also when a stream of it is opened.
        long eaInode = attrs.inode();
        if (action != ACTION_CREATED) {
          // An overwrite replaces the EAs ([MS-FSA] 2.1.5.1.2.1).
          List<ExtendedAttributes.Ea> old = new ArrayList<>();
          for (ExtendedAttributes.Ea ea : ExtendedAttributes.read(fs, eaInode)) {
            old.add(new ExtendedAttributes.Ea(0, ea.name(), new byte[0]));
          }
          ExtendedAttributes.apply(fs, eaInode, old);
        }
        ExtendedAttributes.apply(fs, eaInode, eas);
      }
      if (allocationSize > 0 && !directory && action != ACTION_OPENED) {
        open.node().allocationSize(Smb2SetInfo.clusters(allocationSize));
      }
      session.opens().put(fileId, open);
      int otherOpens = req.server().openFiles().openCount(open.node()) - 1;
      ConnectionBreakChannel channel = new ConnectionBreakChannel(req.sender(), session, tree);
      if (lease != null) {
        // Attribute-only opens without a lease do not keep a lease from write caching.
        int dataOpens = 0;
        for (Open o : req.server().openFiles().opensOf(open.node())) {
          if (o != open
              && (oplocks.leaseIdOf(o.id()).isPresent() || (o.access() & ~STAT_ACCESS) != 0)) {
            dataOpens++;
          }
        }
        otherOpens = dataOpens;
        leaseGrant =
            oplocks.grantLease(
                fileKey,
                fileId,
                lease.id(),
                lease.state(),
                lease.version(),
                lease.epoch(),
                directory,
                otherOpens,
                channel);
        oplock = OplockLevel.LEASE;
      } else {
        oplock = oplocks.grant(fileKey, fileId, requestedOplock, directory, otherOpens, channel);
      }
      if (durable != null
          && (oplock == OplockLevel.BATCH
              || (leaseGrant != null && (leaseGrant.state() & LeaseState.HANDLE) != 0))) {
        // [MS-SMB2] 3.3.5.9.6, 3.3.5.9.10: durable only with a batch oplock or a handle lease.
        durableGrant = durable.grant(session.caller());
        req.server().durables().grant(open, durableGrant);
      }
    } catch (IOException | SmbStatusException | RuntimeException e) {
      session.opens().remove(fileId);
      oplocks.release(fileId);
      req.server().openFiles().detach(open);
      throw e;
    }
    resp.fileId(fileId);
    fileAttrs = req.server().openFiles().effective(fs.guid(), fileAttrs);
    SmbWriter w = resp.w();
    int bodyStart = w.position();
    w.u16(89).u8(oplock).u8(0).u32(action);
    Smb2Close.writeTimesAndSizes(w, fileAttrs, p.stream().isEmpty() ? null : attrs);
    w.u32(0).u64(fileId).u64(fileId);
    w.u32(0).u32(0);
    int ctxStart = w.position();
    int prev = -1;
    if (ctx.containsKey("MxAc")) {
      prev = context(w, prev, "MxAc", 8);
      w.u32(0).u32(maximal);
    }
    if (ctx.containsKey("QFid")) {
      prev = context(w, prev, "QFid", 32);
      w.u64(inode).u64(fs.guid()).zeros(16);
    }
    if (leaseGrant != null) {
      prev =
          LeaseRequest.respond(w, prev, lease.id(), lease.version(), leaseGrant, lease.parentKey());
    }
    if (durableGrant != null) {
      prev = durableResponse(w, prev, durableGrant);
    }
    if (prev >= 0) {
      w.set32(bodyStart + 80, ctxStart - resp.start());
      w.set32(bodyStart + 84, w.position() - ctxStart);
    } else {
      w.u8(0);
    }
  }

  /**
   * The security of a file just created ([MS-DTYP] 2.5.3.4): the DACL of the SecD context if it has
   * one, else what the parent's ACL passes on ({@link AclInheritance}; nothing when the parent has
   * only its mode, and the new file keeps its mode too); the context's owner and group when they
   * are Kiln users and groups the caller may give the file to.
   */
  private static Attributes initialSecurity(
      FileSystem fs,
      Attributes parent,
      Attributes created,
      boolean directory,
      SecurityDescriptors.Decoded sd,
      Caller caller)
      throws IOException, SmbStatusException {
    Optional<Acl> acl = sd == null ? Optional.empty() : sd.acl();
    if (acl.isEmpty()) {
      Acl parentAcl = fs.getAcl(parent.inode());
      if (!parentAcl.equals(Acl.fromMode(parent.mode()))) {
        acl = AclInheritance.inherit(parentAcl, directory);
      }
    }
    if (acl.isPresent()) {
      fs.setAcl(created.inode(), acl.get());
    }
    if (sd != null) {
      return Ownership.change(fs, created, sd.owner(), sd.group(), caller);
    }
    return created;
  }

  /**
   * Appends the DHnQ ([MS-SMB2] 2.2.14.2.3) or DH2Q (2.2.14.2.12: Timeout, Flags) response context
   * after the context at {@code prev} (-1: first).
   */
  static int durableResponse(SmbWriter w, int prev, DurableHandles.Grant grant) {
    if (grant.v2()) {
      int at = context(w, prev, "DH2Q", 8);
      w.u32((int) grant.timeout().toMillis()).u32(0);
      return at;
    }
    int at = context(w, prev, "DHnQ", 8);
    w.zeros(8);
    return at;
  }

  static int context(SmbWriter w, int prev, String tag, int dataLength) {
    w.align(8);
    int at = w.position();
    if (prev >= 0) {
      w.set32(prev, at - prev);
    }
    w.u32(0).u16(16).u16(4).u16(0).u16(24).u32(dataLength);
    w.bytes(tag.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).u32(0);
    return at;
  }

  private void pipe(Smb2Request req, Smb2Response resp, String name, int access)
      throws SmbStatusException {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.startsWith("\\")) {
      n = n.substring(1);
    }
    Optional<NamedPipe> pipe = req.server().pipes().apply(n);
    if (pipe.isEmpty()) {
      throw new StatusObjectNameNotFound("no pipe " + name);
    }
    long fileId = req.server().nextId();
    Open open = new Open(fileId, req.session(), req.tree(), pipe.get(), access, name);
    req.session().opens().put(fileId, open);
    resp.fileId(fileId);
    SmbWriter w = resp.w();
    w.u16(89).u8(0).u8(0).u32(ACTION_OPENED);
    w.u64(0).u64(0).u64(0).u64(0).u64(4096).u64(0);
    w.u32(FileAttributes.NORMAL).u32(0).u64(fileId).u64(fileId).u32(0).u32(0).u8(0);
  }
}
