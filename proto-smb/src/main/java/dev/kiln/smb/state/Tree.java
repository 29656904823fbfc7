package dev.kiln.smb.state;

import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.smb.share.SmbShare;

/**
 * One tree connect ([MS-SMB2] 3.3.1.11): a disk share, or IPC$ when {@code share} is null.
 *
 * @param id the TreeId
 * @param share the share; null for IPC$
 * @param fs the dataset's file system; null for IPC$
 * @param readOnly whether writes are refused (share or user role)
 * @param maximalAccess the MaximalAccess reported in TREE_CONNECT
 * @param encrypt whether messages on it must be encrypted
 */
public record Tree(
    int id, SmbShare share, FileSystem fs, boolean readOnly, int maximalAccess, boolean encrypt) {

  /** Whether this is IPC$. */
  public boolean ipc() {
    return share == null;
  }
}
