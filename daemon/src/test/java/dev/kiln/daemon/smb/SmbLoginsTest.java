package dev.kiln.daemon.smb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.mgmt.auth.Grants;
import dev.kiln.mgmt.auth.LoginGuard;
import dev.kiln.mgmt.auth.NtHash;
import dev.kiln.mgmt.auth.PasswordHash;
import dev.kiln.mgmt.auth.PasswordPolicy;
import dev.kiln.mgmt.auth.Role;
import dev.kiln.mgmt.store.EmbeddedConfigStore;
import dev.kiln.mgmt.users.User;
import dev.kiln.mgmt.users.UserDirectory;
import dev.kiln.smb.auth.AuthExchange;
import dev.kiln.smb.auth.NtlmTargetNames;
import dev.kiln.smb.auth.SmbAccount;
import dev.kiln.smb.auth.SpnegoAcceptor;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmbLoginsTest {

  @TempDir Path dir;
  private EmbeddedConfigStore store;
  private UserDirectory users;
  private SmbLogins logins;

  @BeforeEach
  void open() throws Exception {
    store = EmbeddedConfigStore.open(dir);
    users =
        new UserDirectory(
            store,
            Clock.systemUTC(),
            new SecureRandom(),
            PasswordPolicy.defaults(),
            LoginGuard.defaults(Clock.systemUTC()),
            1_000);
    logins = new SmbLogins(() -> users);
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  @Test
  void rolesMapToSuperuserReadWriteReadOnlyOrNoAccess() throws Exception {
    users.createGroup("staff", Grants.none());
    users.createUser(
        "ada",
        "",
        List.of("staff"),
        new Grants(Map.of("storage", Role.ADMIN)),
        pw("long password 1"));
    users.createUser(
        "bob", "", List.of(), new Grants(Map.of("storage", Role.OPERATOR)), pw("long password 2"));
    users.createUser(
        "cy", "", List.of(), new Grants(Map.of("*", Role.READONLY)), pw("long password 3"));
    users.createUser(
        "dee", "", List.of(), new Grants(Map.of("system", Role.ADMIN)), pw("long password 4"));

    SmbAccount ada = logins.find("ada").orElseThrow();
    assertThat(ada.superuser()).isTrue();
    assertThat(ada.readOnly()).isFalse();
    assertThat(ada.gids()).containsExactly(users.group("staff").orElseThrow().gid());
    assertThat(HexFormat.of().formatHex(ada.ntHash())).isEqualTo(NtHash.of(pw("long password 1")));
    SmbAccount bob = logins.find("bob").orElseThrow();
    assertThat(bob.superuser()).isFalse();
    assertThat(bob.readOnly()).isFalse();
    assertThat(logins.find("cy").orElseThrow().readOnly()).isTrue();
    assertThat(logins.find("dee")).isEmpty();
    assertThat(logins.find("nobody")).isEmpty();
  }

  @Test
  void disabledLockedAndHashlessUsersAreNotFound() throws Exception {
    Grants storage = new Grants(Map.of("storage", Role.OPERATOR));
    User eve = users.createUser("eve", "", List.of(), storage, pw("long password 5"));
    users.updateUser(
        eve,
        new User(
            eve.name(),
            eve.uid(),
            eve.fullName(),
            eve.groups(),
            eve.grants(),
            eve.passwordHash(),
            true,
            eve.created(),
            eve.sshKeys(),
            eve.ntHash()));
    assertThat(logins.find("eve")).isEmpty();

    users.createUser("fay", "", List.of(), storage, pw("long password 6"));
    for (int i = 0; i < 20 && !users.locked("fay"); i++) {
      logins.failed("fay", "192.0.2.1");
    }
    assertThat(users.locked("fay")).isTrue();
    assertThat(logins.find("fay")).isEmpty();

    User gus = users.createUser("gus", "", List.of(), storage, pw("long password 7"));
    User legacy =
        new User(
            gus.name(),
            gus.uid(),
            gus.fullName(),
            gus.groups(),
            gus.grants(),
            PasswordHash.create(pw("long password 7"), new SecureRandom(), 1_000).encode(),
            false,
            gus.created(),
            gus.sshKeys());
    users.updateUser(gus, legacy);
    assertThat(logins.find("gus")).isEmpty();
    users.setPassword("gus", pw("long password 8"));
    assertThat(logins.find("gus")).isPresent();
  }

  @Test
  void wrongNtlmPasswordsCountTowardTheSharedLockout() throws Exception {
    users.createUser(
        "hal", "", List.of(), new Grants(Map.of("storage", Role.OPERATOR)), pw("long password 9"));
    SpnegoAcceptor acceptor =
        new SpnegoAcceptor(
            logins, NtlmTargetNames.forHost("kiln"), Clock.systemUTC(), new SecureRandom());
    for (int i = 0; i < 20 && !users.locked("hal"); i++) {
      AuthExchange ex = acceptor.newExchange("192.0.2.2");
      // Raw NTLMSSP with a NEGOTIATE then a garbage-proof AUTHENTICATE for hal.
      ex.accept(RawNtlm.negotiate());
      try {
        ex.accept(RawNtlm.authenticateWithBadProof("hal"));
      } catch (dev.kiln.smb.auth.LogonFailedException expected) {
        // counted
      }
    }
    assertThat(users.locked("hal")).isTrue();
    // The API's password login is locked too.
    assertThat(users.login("hal", pw("long password 9")).failure())
        .isEqualTo(UserDirectory.LoginFailure.LOCKED);
  }

  private static char[] pw(String s) {
    return s.toCharArray();
  }
}
