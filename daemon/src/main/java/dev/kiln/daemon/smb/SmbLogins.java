package dev.kiln.daemon.smb;

import dev.kiln.mgmt.auth.Grants;
import dev.kiln.mgmt.auth.NtHash;
import dev.kiln.mgmt.auth.Role;
import dev.kiln.mgmt.users.Group;
import dev.kiln.mgmt.users.User;
import dev.kiln.mgmt.users.UserDirectory;
import dev.kiln.smb.auth.SmbAccount;
import dev.kiln.smb.auth.SmbAccounts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMB logons against the management plane's users: the NTLM secret is the user's stored NT hash;
 * failures and successes go to the lockout the API and SSH share, so a locked or disabled account
 * gets in by no path.
 *
 * <p>The role in the {@code storage} namespace decides file access as it does for SSH: admin is a
 * superuser over the shares, operator reads and writes under the files' permissions, readonly only
 * reads, and a user without a role there has no SMB access. Users whose password was set before
 * Kiln kept NT hashes cannot log on until the password is set again.
 */
public final class SmbLogins implements SmbAccounts {

  private static final Logger LOG = LoggerFactory.getLogger(SmbLogins.class);

  /** The namespace whose role governs file access over SMB. */
  static final String FILES_NAMESPACE = "storage";

  private final Supplier<UserDirectory> users;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  /** Logons against the user directory of the running configuration service. */
  public SmbLogins(Supplier<UserDirectory> users) {
    this.users = users;
  }

  @Override
  public Optional<SmbAccount> find(String user) throws IOException {
    UserDirectory dir = users.get();
    if (dir.locked(user)) {
      LOG.info("SMB logon of {} refused: locked", user);
      return Optional.empty();
    }
    Optional<User> found = dir.user(user);
    if (found.isEmpty() || found.get().disabled()) {
      return Optional.empty();
    }
    User u = found.get();
    if (!NtHash.isValid(u.ntHash())) {
      if (warned.add(u.name())) {
        LOG.warn(
            "user {} has no NT hash (password set before SMB support): "
                + "set the password again to enable SMB",
            u.name());
      }
      return Optional.empty();
    }
    Grants grants = dir.effectiveGrants(u);
    Optional<Role> r = grants.roleIn(FILES_NAMESPACE);
    if (r.isEmpty()) {
      LOG.info("SMB logon of {} refused: no role in the {} namespace", user, FILES_NAMESPACE);
      return Optional.empty();
    }
    List<Long> gids = new ArrayList<>();
    for (String g : u.groups()) {
      Optional<Group> group = dir.group(g);
      group.ifPresent(x -> gids.add(x.gid()));
    }
    boolean superuser = r.get() == Role.ADMIN;
    boolean readOnly = r.get() == Role.READONLY;
    return Optional.of(
        new SmbAccount(
            u.name(), u.uid(), gids, HexFormat.of().parseHex(u.ntHash()), superuser, readOnly));
  }

  @Override
  public void failed(String user, String remote) {
    LOG.info("SMB logon of {} from {} failed", user, remote);
    users.get().failed(user);
  }

  @Override
  public void succeeded(String user, String remote) {
    users.get().succeeded(user);
  }
}
