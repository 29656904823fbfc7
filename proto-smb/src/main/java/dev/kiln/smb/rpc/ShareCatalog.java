package dev.kiln.smb.rpc;

import java.util.List;

/** The shares the srvsvc pipe reports, as the caller may see them. */
public interface ShareCatalog {

  /** The shares to list (hidden ones included; their names end in {@code $}). */
  List<ShareInfo> shares();

  /**
   * One share.
   *
   * @param name share name
   * @param type STYPE_DISKTREE (0) or STYPE_IPC | STYPE_SPECIAL (0x80000003) ([MS-SRVS] 2.2.2.4)
   * @param comment remark shown next to the name
   */
  record ShareInfo(String name, int type, String comment) {}
}
