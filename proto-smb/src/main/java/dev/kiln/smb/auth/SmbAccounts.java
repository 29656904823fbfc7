package dev.kiln.smb.auth;

import java.io.IOException;
import java.util.Optional;

/**
 * The management plane's users as the SMB service sees them; the daemon adapts the user directory
 * to it, so failures count toward the same lockout as the API's and SSH's.
 */
public interface SmbAccounts {

  /**
   * The usable (not locked, not disabled, has an NT hash) account of that name; empty otherwise.
   */
  Optional<SmbAccount> find(String user) throws IOException;

  /** Records a failed logon of {@code user} from {@code remote} (counts toward lockout). */
  void failed(String user, String remote) throws IOException;

  /** Records a successful logon (resets the failure count). */
  void succeeded(String user, String remote) throws IOException;
}
