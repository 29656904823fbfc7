package dev.kiln.smb.rpc;

import java.util.List;

/**
 * The srvsvc operations that list shares ([MS-SRVS] 3.1.4): NetrShareEnumAll (15) and
 * NetrShareEnumSticky (36) at levels 0, 1, 2, 501 and 502, NetrShareGetInfo (16) at those and
 * 1004-1007 and 1501, NetrServerGetInfo (21) levels 100 and 101. Levels 2 and 502 carry no path,
 * password or security descriptor (Kiln has no Windows path to show), so they are safe to answer to
 * anyone. Other levels answer ERROR_INVALID_LEVEL; other operations fault with nca_s_op_rng_error.
 */
final class SrvsvcInterface implements RpcInterface {

  /** [MS-SRVS] 3.1.4.8 NetrShareEnum (opnum 15), which Samba calls NetShareEnumAll. */
  static final int NETR_SHARE_ENUM_ALL = 15;

  /** NetrShareEnumSticky, which Samba calls NetShareEnum. */
  static final int NETR_SHARE_ENUM_STICKY = 36;

  static final int NETR_SHARE_GET_INFO = 16;
  static final int NETR_SERVER_GET_INFO = 21;

  static final int ERROR_ACCESS_DENIED = 5;
  static final int ERROR_INVALID_LEVEL = 124;
  static final int NERR_NET_NAME_NOT_FOUND = 0x906;

  /** PLATFORM_ID_NT ([MS-SRVS] 2.2.2.6). */
  static final int PLATFORM_ID_NT = 500;

  /** SV_TYPE_WORKSTATION | SV_TYPE_SERVER | SV_TYPE_NT | SV_TYPE_SERVER_NT ([MS-SRVS] 2.2.2.7). */
  static final int SERVER_TYPE = 0x1 | 0x2 | 0x1000 | 0x8000;

  private final ShareCatalog catalog;
  private final String serverName;
  private final String serverComment;
  private final boolean privileged;

  SrvsvcInterface(
      ShareCatalog catalog, String serverName, String serverComment, boolean privileged) {
    this.catalog = catalog;
    this.serverName = serverName;
    this.serverComment = serverComment;
    this.privileged = privileged;
  }

  /** Levels 2 and 502 are for administrators on Windows ([MS-SRVS] 3.1.4.8, 3.1.4.10). */
  private boolean denied(long level) {
    return !privileged && (level == 2 || level == 502);
  }

  @Override
  public byte[] uuid() {
    return Uuids.SRVSVC.clone();
  }

  @Override
  public int version() {
    return 3;
  }

  @Override
  public byte[] invoke(int opnum, byte[] stub) throws RpcFault {
    NdrReader r = new NdrReader(stub);
    return switch (opnum) {
      case NETR_SHARE_ENUM_ALL -> shareEnum(r, true);
      case NETR_SHARE_ENUM_STICKY -> shareEnum(r, false);
      case NETR_SHARE_GET_INFO -> shareGetInfo(r);
      case NETR_SERVER_GET_INFO -> serverGetInfo(r);
      default -> throw new RpcFault(RpcFault.OP_RNG_ERROR, "srvsvc opnum " + opnum);
    };
  }

  /** [in,string,unique] SRVSVC_HANDLE ServerName: read and ignored (this is the server). */
  private static void serverName(NdrReader r) throws RpcFault {
    if (r.u32() != 0) {
      r.string();
    }
  }

  /**
   * Opnum 15 ([MS-SRVS] 3.1.4.8) and NetrShareEnumSticky (opnum 36, 3.1.4.9), which lists only the
   * persistent shares: every dataset share, not IPC$ or other names ending in $ (as Samba's does);
   * both have the same wire format.
   */
  private byte[] shareEnum(NdrReader r, boolean all) throws RpcFault {
    serverName(r);
    long level = r.u32();
    long arm = r.u32();
    if (arm != level) {
      throw RpcFault.badStub("union discriminant differs from the level");
    }
    if (r.u32() != 0) { // the client's (empty) container
      r.u32();
      if (r.u32() != 0) {
        throw RpcFault.badStub("a non-empty input share buffer");
      }
    }
    r.u32(); // PreferedMaximumLength: everything fits in one answer
    boolean resume = r.u32() != 0;
    if (resume) {
      r.u32();
    }
    List<ShareCatalog.ShareInfo> shares =
        catalog.shares().stream().filter(x -> all || !x.name().endsWith("$")).toList();
    NdrWriter w = new NdrWriter();
    // NetrShareEnumSticky has no SHARE_INFO_501_CONTAINER ([MS-SRVS] 3.1.4.9).
    if (!ENUM_LEVELS.contains(level) || (!all && level == 501) || denied(level)) {
      w.u32(level).u32(level).u32(0).u32(0).pointer(resume);
      if (resume) {
        w.u32(0);
      }
      w.u32(denied(level) ? ERROR_ACCESS_DENIED : ERROR_INVALID_LEVEL);
      return w.toByteArray();
    }
    w.u32(level).u32(level).referent(); // SHARE_ENUM_STRUCT, union arm, container pointer
    w.u32(shares.size()).pointer(!shares.isEmpty()); // EntriesRead, Buffer
    if (!shares.isEmpty()) {
      w.u32(shares.size()); // conformant array max_count
      for (ShareCatalog.ShareInfo s : shares) {
        fixedPart(w, level, s);
      }
      for (ShareCatalog.ShareInfo s : shares) {
        deferredPart(w, level, s);
      }
    }
    w.u32(shares.size()); // TotalEntries
    w.pointer(resume);
    if (resume) {
      w.u32(0);
    }
    w.u32(0); // WERROR success
    return w.toByteArray();
  }

  /** NetrShareGetInfo ([MS-SRVS] 3.1.4.10). */
  private byte[] shareGetInfo(NdrReader r) throws RpcFault {
    serverName(r);
    String name = r.string();
    long level = r.u32();
    NdrWriter w = new NdrWriter();
    ShareCatalog.ShareInfo share = null;
    for (ShareCatalog.ShareInfo s : catalog.shares()) {
      if (s.name().equalsIgnoreCase(name)) {
        share = s;
      }
    }
    if (!servedLevel(level)) {
      return w.u32(level).u32(0).u32(ERROR_INVALID_LEVEL).toByteArray();
    }
    if (denied(level)) {
      return w.u32(level).u32(0).u32(ERROR_ACCESS_DENIED).toByteArray();
    }
    if (share == null) {
      return w.u32(level).u32(0).u32(NERR_NET_NAME_NOT_FOUND).toByteArray();
    }
    w.u32(level).referent();
    fixedPart(w, level, share);
    deferredPart(w, level, share);
    return w.u32(0).toByteArray();
  }

  /** Enumeration levels ([MS-SRVS] 2.2.4.38 SHARE_ENUM_UNION). */
  private static final java.util.Set<Long> ENUM_LEVELS = java.util.Set.of(0L, 1L, 2L, 501L, 502L);

  /** NetrShareGetInfo levels ([MS-SRVS] 2.2.4.34 SHARE_INFO). */
  private static final java.util.Set<Long> INFO_LEVELS =
      java.util.Set.of(0L, 1L, 2L, 501L, 502L, 1004L, 1005L, 1006L, 1007L, 1501L);

  private static boolean servedLevel(long level) {
    return INFO_LEVELS.contains(level);
  }

  /**
   * The fixed part of SHARE_INFO_0, 1, 2, 502 or 1005 ([MS-SRVS] 2.2.4.22-2.2.4.29); strings are
   * deferred. Kiln has no Windows path: shi2_path and shi502_path are null, as are passwords and
   * the 502 security descriptor; permissions 0, max_uses unlimited, current_uses 0.
   */
  private static void fixedPart(NdrWriter w, long level, ShareCatalog.ShareInfo s) {
    switch ((int) level) {
      case 1004 -> w.referent(); // shi1004_remark
      case 1005 -> w.u32(0); // shi1005_flags: no client-side caching flags
      case 1006 -> w.u32(0xffffffffL); // shi1006_max_uses: unlimited
      case 1007 -> w.u32(0).u32(0); // shi1007_flags, no alternate directory name
      case 1501 -> w.u32(0).u32(0); // no security descriptor (size 0, null)
      default -> {
        w.referent(); // netname
        if (level == 0) {
          return;
        }
        w.u32(s.type() & 0xffffffffL).referent(); // type, remark
        if (level == 501) {
          w.u32(0); // shi501_flags
        } else if (level == 2 || level == 502) {
          // permissions, max_uses (unlimited), current_uses, path, passwd: no Windows path
          w.u32(0).u32(0xffffffffL).u32(0).u32(0).u32(0);
          if (level == 502) {
            w.u32(0).u32(0); // shi502_reserved (descriptor size), shi502_security_descriptor
          }
        }
      }
    }
  }

  private static void deferredPart(NdrWriter w, long level, ShareCatalog.ShareInfo s) {
    if (level == 1004) {
      w.string(s.comment());
    } else if (level < 1000) {
      w.string(s.name());
      if (level != 0) {
        w.string(s.comment());
      }
    }
  }

  /** NetrServerGetInfo ([MS-SRVS] 3.1.4.17). */
  private byte[] serverGetInfo(NdrReader r) throws RpcFault {
    serverName(r);
    long level = r.u32();
    NdrWriter w = new NdrWriter();
    if (level != 100 && level != 101) {
      return w.u32(level).u32(0).u32(ERROR_INVALID_LEVEL).toByteArray();
    }
    w.u32(level).referent();
    w.u32(PLATFORM_ID_NT).referent();
    if (level == 101) {
      w.u32(6).u32(1).u32(SERVER_TYPE).referent();
    }
    w.string(serverName);
    if (level == 101) {
      w.string(serverComment);
    }
    return w.u32(0).toByteArray();
  }
}
