package dev.kiln.smb.share;

import dev.kiln.smb.rpc.ShareCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The shares srvsvc lists: every share not marked hidden (names ending in {@code $} are listed,
 * clients hide them themselves), then IPC$.
 */
public final class ShareListing implements ShareCatalog {

  private static final int STYPE_DISKTREE = 0;
  private static final int STYPE_IPC_SPECIAL = 0x80000003;

  private final ShareSource source;

  /** The listing of {@code source}. */
  public ShareListing(ShareSource source) {
    this.source = source;
  }

  @Override
  public List<ShareInfo> shares() {
    List<ShareInfo> list = new ArrayList<>();
    try {
      for (SmbShare s : source.shares()) {
        if (!s.options().hidden() || s.name().endsWith("$")) {
          list.add(new ShareInfo(s.name(), STYPE_DISKTREE, "Kiln dataset " + s.dataset()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    list.add(new ShareInfo("IPC$", STYPE_IPC_SPECIAL, "IPC Service"));
    return list;
  }
}
