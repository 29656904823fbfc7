package dev.kiln.daemon.ssh;

import dev.kiln.mgmt.auth.Grants;
import dev.kiln.mgmt.users.Group;
import dev.kiln.mgmt.users.User;
import dev.kiln.mgmt.users.UserDirectory;
import dev.kiln.ssh.auth.SshUser;
import dev.kiln.ssh.auth.SshUsers;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SSH logins against the management plane's users: passwords go through {@link
 * UserDirectory#login}, so failures count toward the lockout the API shares; keys are the user's
 * {@code sshKeys}. A locked or disabled account gets in by neither.
 *
 * <p>The role in the {@code storage} namespace decides file access: admin is a superuser over the
 * datasets, operator reads and writes under the files' permissions, readonly only reads.
 */
public final class SshLogins implements SshUsers {

  private static final Logger LOG = LoggerFactory.getLogger(SshLogins.class);

  /** The namespace whose role governs SFTP/SCP access. */
  static final String FILES_NAMESPACE = "storage";

  private final Supplier<UserDirectory> users;

  /** Logins against the user directory of the running configuration service. */
  public SshLogins(Supplier<UserDirectory> users) {
    this.users = users;
  }

  @Override
  public Optional<SshUser> password(String user, char[] password) throws IOException {
    UserDirectory dir = users.get();
    UserDirectory.LoginResult r = dir.login(user, password);
    if (!r.ok()) {
      LOG.info("SSH password login of {} refused: {}", user, r.failure());
      return Optional.empty();
    }
    return Optional.of(sshUser(dir, r.user()));
  }

  @Override
  public Optional<SshUser> publicKey(String user, PublicKey key) throws IOException {
    UserDirectory dir = users.get();
    if (dir.locked(user)) {
      return Optional.empty();
    }
    Optional<User> u = dir.user(user);
    if (u.isEmpty() || u.get().disabled()) {
      return Optional.empty();
    }
    for (String line : u.get().sshKeys()) {
      try {
        PublicKey allowed =
            AuthorizedKeyEntry.parseAuthorizedKeyEntry(line)
                .resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
        if (allowed != null && KeyUtils.compareKeys(allowed, key)) {
          return Optional.of(sshUser(dir, u.get()));
        }
      } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
        LOG.warn("unusable SSH key of {} skipped: {}", user, e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** The SSH view of a user: ids for file ownership and the file access of its role. */
  static SshUser sshUser(UserDirectory dir, User u) throws IOException {
    List<Long> gids = new ArrayList<>();
    for (String g : u.groups()) {
      Optional<Group> group = dir.group(g);
      group.ifPresent(x -> gids.add(x.gid()));
    }
    return new SshUser(u.name(), u.uid(), gids, access(dir.effectiveGrants(u)));
  }

  static SshUser.FileAccess access(Grants grants) {
    return grants
        .roleIn(FILES_NAMESPACE)
        .map(
            r ->
                switch (r) {
                  case ADMIN -> SshUser.FileAccess.SUPERUSER;
                  case OPERATOR -> SshUser.FileAccess.READ_WRITE;
                  case READONLY -> SshUser.FileAccess.READ_ONLY;
                })
        .orElse(SshUser.FileAccess.NONE);
  }
}
